/** Wrong command line: exit code 2 with the usage text, nothing touched. */
export class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = 'UsageError';
  }
}

export const USAGE = `用法 / Usage: npm run till -- <命令 command> [选项 options]

  verify  [--db 文件] [--threads 线程数]     校验账本：哈希链、序号、余额、库存
                                            Check the ledger: hash chain, sequence, balances, stock
                                            （默认五万条以上用全部核心 / default: every core past 50k entries）
  backup  [--db 文件] --out 文件或目录 [--force]
                                            在线备份（收银台运行中也可），并校验备份
                                            Online backup (the till may be running), then verify the copy
  restore --from 备份文件 [--db 文件] [--force]
                                            从备份恢复（须先关闭收银台），开始新的设备纪元
                                            Restore a backup (stop the till first); starts a new device epoch
  demo    [--db 文件] [--households 户数] [--force]
                                            创建演示数据库 / Create a demo database
  doctor  [--db 文件] [--print-test] [--read-tap]
                                            检查读卡器和打印机 / Check card readers and the printer

  --db 默认 / defaults to $JIFEN_DATA_DIR/till.db, else .till-data/till.db
  退出码 / Exit codes: 0 正常 OK · 1 发现问题或操作失败 problem found or failed · 2 用法错误 bad usage`;
