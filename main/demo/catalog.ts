/** Demo goods and services: points prices and yuan costs as the field reports give them. */
export interface DemoProduct {
  name: string;
  unit: string;
  points: number;
  costYuan: number;
  category: string;
  service?: boolean;
  favourite?: boolean;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  { name: '毛巾', unit: '条', points: 5, costYuan: 6, category: '日用品', favourite: true },
  { name: '搪瓷杯', unit: '个', points: 15, costYuan: 18, category: '日用品', favourite: true },
  { name: '东北大米 5kg', unit: '袋', points: 20, costYuan: 32, category: '粮油', favourite: true },
  { name: '金龙鱼食用油 5L', unit: '桶', points: 30, costYuan: 65, category: '粮油', favourite: true },
  { name: '电热水壶', unit: '个', points: 120, costYuan: 89, category: '家电', favourite: true },
  { name: '理发服务', unit: '次', points: 10, costYuan: 0, category: '服务', service: true, favourite: true },
  { name: '家电维修', unit: '次', points: 15, costYuan: 0, category: '服务', service: true },
  { name: '健康体检', unit: '次', points: 25, costYuan: 0, category: '服务', service: true },
  { name: '洗衣粉 2kg', unit: '袋', points: 8, costYuan: 15, category: '日用品', favourite: true },
  { name: '香皂', unit: '块', points: 2, costYuan: 3.5, category: '日用品', favourite: true },
  { name: '牙膏', unit: '支', points: 3, costYuan: 6.8, category: '日用品', favourite: true },
  { name: '牙刷', unit: '支', points: 1.5, costYuan: 2.5, category: '日用品' },
  { name: '洗发水', unit: '瓶', points: 10, costYuan: 22, category: '日用品' },
  { name: '卷纸 10卷', unit: '提', points: 8, costYuan: 16, category: '日用品', favourite: true },
  { name: '食盐', unit: '袋', points: 1, costYuan: 2, category: '调味品' },
  { name: '酱油', unit: '瓶', points: 3, costYuan: 7.5, category: '调味品' },
  { name: '米醋', unit: '瓶', points: 2.5, costYuan: 5, category: '调味品' },
  { name: '白糖 1kg', unit: '袋', points: 4, costYuan: 8, category: '调味品' },
  { name: '挂面', unit: '把', points: 2, costYuan: 4.5, category: '粮油' },
  { name: '面粉 5kg', unit: '袋', points: 15, costYuan: 25, category: '粮油' },
  { name: '花生油 1.8L', unit: '桶', points: 18, costYuan: 38, category: '粮油' },
  { name: '鸡蛋 30枚', unit: '盒', points: 12, costYuan: 24, category: '副食' },
  { name: '纯牛奶 12盒', unit: '箱', points: 20, costYuan: 45, category: '副食' },
  { name: '饼干', unit: '袋', points: 3, costYuan: 6, category: '副食' },
  { name: '方便面 5连包', unit: '包', points: 5, costYuan: 11, category: '副食' },
  { name: '茶叶 250g', unit: '罐', points: 25, costYuan: 50, category: '副食' },
  { name: '暖水瓶', unit: '个', points: 25, costYuan: 30, category: '家居' },
  { name: '不锈钢盆', unit: '个', points: 12, costYuan: 15, category: '家居' },
  { name: '拖把', unit: '把', points: 10, costYuan: 18, category: '家居' },
  { name: '扫帚', unit: '把', points: 6, costYuan: 10, category: '家居' },
  { name: '垃圾桶', unit: '个', points: 8, costYuan: 12, category: '家居' },
  { name: '晾衣架 10个', unit: '包', points: 4, costYuan: 8, category: '家居' },
  { name: '雨伞', unit: '把', points: 15, costYuan: 25, category: '家居' },
  { name: '床单', unit: '条', points: 30, costYuan: 55, category: '家居' },
  { name: '枕头', unit: '个', points: 20, costYuan: 35, category: '家居' },
  { name: '电饭煲', unit: '台', points: 150, costYuan: 169, category: '家电' },
  { name: '电风扇', unit: '台', points: 100, costYuan: 119, category: '家电' },
  { name: 'LED 台灯', unit: '台', points: 40, costYuan: 45, category: '家电' },
  { name: '手电筒', unit: '个', points: 10, costYuan: 15, category: '家电' },
  { name: '插线板', unit: '个', points: 12, costYuan: 20, category: '家电' },
  { name: '电池 4节', unit: '板', points: 3, costYuan: 6, category: '家电' },
  { name: '作业本 10本', unit: '包', points: 3, costYuan: 5, category: '文具' },
  { name: '铅笔 10支', unit: '盒', points: 2, costYuan: 4, category: '文具' },
  { name: '书包', unit: '个', points: 35, costYuan: 48, category: '文具' },
  { name: '文具盒', unit: '个', points: 6, costYuan: 10, category: '文具' },
  { name: '锄头', unit: '把', points: 20, costYuan: 28, category: '农资' },
  { name: '镰刀', unit: '把', points: 8, costYuan: 12, category: '农资' },
  { name: '化肥 10kg', unit: '袋', points: 25, costYuan: 45, category: '农资' },
  { name: '菜籽 一包', unit: '包', points: 1, costYuan: 2, category: '农资' },
  { name: '喷壶', unit: '个', points: 10, costYuan: 16, category: '农资' },
  { name: '手套 5双', unit: '包', points: 4, costYuan: 7, category: '农资' },
  { name: '草帽', unit: '顶', points: 5, costYuan: 8, category: '农资' },
  { name: '口罩 50只', unit: '盒', points: 6, costYuan: 12, category: '卫生' },
  { name: '消毒液', unit: '瓶', points: 5, costYuan: 9, category: '卫生' },
  { name: '洗洁精', unit: '瓶', points: 4, costYuan: 7, category: '卫生' },
  { name: '保鲜袋', unit: '卷', points: 2, costYuan: 4, category: '卫生' },
  { name: '垃圾袋', unit: '卷', points: 2, costYuan: 3.5, category: '卫生' },
  { name: '老花镜', unit: '副', points: 12, costYuan: 15, category: '日用品' },
  { name: '拐杖', unit: '根', points: 30, costYuan: 40, category: '日用品' },
  { name: '心愿定制', unit: '次', points: 50, costYuan: 0, category: '服务', service: true },
];

/**
 * Shaped like the field reports: basic and contribution points (004), deductions, and the
 * one-vote veto that black-lists a household. Limits: once per event, once a month, or a
 * yearly cap in points.
 */
export const DEMO_RULES: {
  category: string;
  name: string;
  points: number;
  personType: string;
  needsApproval: boolean;
  limit: 'none' | 'event' | 'month' | 'year';
  yearCap?: number;
}[] = [
  {
    category: '基础积分',
    name: '参加组织生活',
    points: 0.5,
    personType: '党员',
    needsApproval: false,
    limit: 'month',
  },
  {
    category: '基础积分',
    name: '参加村民会议',
    points: 0.5,
    personType: '群众',
    needsApproval: false,
    limit: 'month',
  },
  {
    category: '基础积分',
    name: '庭院整洁（月评）',
    points: 2,
    personType: '全体',
    needsApproval: true,
    limit: 'month',
  },
  {
    category: '基础积分',
    name: '垃圾分类达标',
    points: 1,
    personType: '全体',
    needsApproval: false,
    limit: 'month',
  },
  {
    category: '基础积分',
    name: '全年无违章建筑',
    points: 5,
    personType: '全体',
    needsApproval: true,
    limit: 'year',
    yearCap: 5,
  },
  {
    category: '贡献积分',
    name: '志愿服务（每次）',
    points: 1,
    personType: '全体',
    needsApproval: true,
    limit: 'event',
  },
  {
    category: '贡献积分',
    name: '两次志愿服务',
    points: 10,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
  {
    category: '贡献积分',
    name: '网格巡逻',
    points: 2,
    personType: '网格员',
    needsApproval: false,
    limit: 'event',
  },
  {
    category: '贡献积分',
    name: '见义勇为',
    points: 20,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
  {
    category: '贡献积分',
    name: '孝老爱亲',
    points: 5,
    personType: '全体',
    needsApproval: true,
    limit: 'year',
    yearCap: 10,
  },
  {
    category: '扣分项',
    name: '乱堆乱放',
    points: -2,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
  {
    category: '扣分项',
    name: '焚烧秸秆',
    points: -5,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
  {
    category: '扣分项',
    name: '违章建筑',
    points: -20,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
  {
    category: '一票否决',
    name: '列入黑榜',
    points: -30,
    personType: '全体',
    needsApproval: true,
    limit: 'none',
  },
];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂丛焦向柳邢路岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强柴华车冉房边';
export const GIVEN =
  '秀兰 建国 桂英 志强 玉兰 海燕 国华 春梅 德明 丽华 永福 淑珍 红梅 建华 金凤 文斌 晓燕 立新 翠花 长青 振华 秀英 国强 凤英 明亮 桂芳 宏伟 美玲 卫东 小红 新民 玉珍 子轩 一诺 浩然 欣怡 雨涵 梓涵 宇航 思琪'.split(
    ' ',
  );
