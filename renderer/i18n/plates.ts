/**
 * Strings of the door plates (门牌) and the short notice on the receipt printer, merged into
 * the resources by renderer/i18n/index.ts under the key `plates`.
 */
export const plates = {
  'zh-CN': {
    plates: {
      printNoticeSlip: '小票打印公示',
      noticeSlipQueued: '{{period}} 公示已送小票打印机',
      tab: '门牌',
      sheetTitle: '{{village}} 门牌二维码',
      show: '显示门牌',
      printSheet: '打印门牌（A4）',
      plateHint: '扫码查户、记分；忘带卡时凭门牌兑换（如本店允许）',
      redeemSetting: '允许凭门牌兑换（不刷卡）',
      saveSetting: '保存设置',
      settingSaved: '已保存：{{state}}',
      allowed: '允许凭门牌兑换',
      notAllowed: '不允许凭门牌兑换',
      byPlate: '凭门牌兑换（未刷卡）',
      none: '本村还没有门牌，请先与乡镇同步',
    },
  },
  en: {
    plates: {
      printNoticeSlip: 'Print on receipt printer',
      noticeSlipQueued: 'The {{period}} notice was sent to the receipt printer',
      tab: 'Door plates',
      sheetTitle: '{{village}} door plates',
      show: 'Show plates',
      printSheet: 'Print plates (A4)',
      plateHint:
        'Scan to find the household and award points; redeem by plate when a card is forgotten (if the shop allows)',
      redeemSetting: 'Allow redemption by door plate (no card)',
      saveSetting: 'Save setting',
      settingSaved: 'Saved: {{state}}',
      allowed: 'redemption by door plate allowed',
      notAllowed: 'redemption by door plate not allowed',
      byPlate: 'By door plate (no card)',
      none: 'This village has no door plates yet; sync with the township first',
    },
  },
};
