/** The supervisor's monitor buttons on the wallboard and the agent's "monitored" badge (issue 13). */
export const zhMonitor = {
  'monitor.phone': '监听话机',
  'monitor.phone.desk': '桌面话机',
  'monitor.phone.browser': '我的浏览器话机',
  'monitor.endpoint': '话机号（PJSIP 端点）',
  'monitor.needPhone': '先填写监听用的话机号',
  'monitor.listen': '监听',
  'monitor.whisper': '耳语',
  'monitor.barge': '强插',
  'monitor.stop': '停止',
  'monitor.ringing': '正在呼叫您的话机…',
  'monitor.mode.listen': '监听中',
  'monitor.mode.whisper': '耳语中',
  'monitor.mode.barge': '强插中',
  'monitor.badge': '班长正在监控本通话',
};
