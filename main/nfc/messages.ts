import type { ErrorMessages } from '../../src/errors';

/**
 * What the status line under the reader icon says, zh-CN first. Plain words for the
 * clerk; the install hint is for whoever sets the till up, so it names the commands.
 */
export const readerMessages = {
  starting: { zh: '正在查找读卡器…', en: 'Looking for card readers…' },
  noReader: { zh: '未找到读卡器：请插上读卡器', en: 'No card reader found: plug in the reader' },
  disconnected: { zh: '读卡器未连接，正在重试', en: 'Reader disconnected, retrying' },
  serviceDown: {
    zh: '读卡服务未运行（pcscd），读卡器已断开，正在重试',
    en: 'PC/SC service not running (pcscd): reader disconnected, retrying',
  },
  serviceError: { zh: '读卡服务出错，正在重试', en: 'Card reader service error, retrying' },
  bindingMissing: {
    zh: '读卡组件未安装：请以 root 运行 apt-get install -y pcscd libpcsclite-dev，然后运行 npm rebuild @pokusew/pcsclite，再重启收银台',
    en: 'Card reader support is not installed: as root run apt-get install -y pcscd libpcsclite-dev, then npm rebuild @pokusew/pcsclite, then restart the till',
  },
  readFailed: { zh: '读卡失败，请把卡拿开再刷一次', en: 'Could not read the card: lift it and tap again' },
  rejected: { zh: '此卡未通过验证', en: 'This card could not be verified' },
  preferredMissing: (preferred: string, using: string): ErrorMessages => ({
    zh: `所选读卡器“${preferred}”未连接，正在使用“${using}”`,
    en: `The chosen reader "${preferred}" is not connected; using "${using}"`,
  }),
  preferredMissingNoFallback: (preferred: string): ErrorMessages => ({
    zh: `所选读卡器“${preferred}”未连接`,
    en: `The chosen reader "${preferred}" is not connected`,
  }),
  simulatorOff: { zh: '模拟读卡器仅在演示模式下可用', en: 'The simulated reader exists only in demo mode' },
  badUid: { zh: '卡号格式不对：应为 4 到 10 字节的十六进制', en: 'Card UID must be 4 to 10 bytes of hex' },
} as const;
