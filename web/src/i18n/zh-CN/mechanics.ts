import type { Resources } from "../en/index.js";

/** 简体中文：积分机制（您的积分：待发放、等级、即将过期）与积分资产。 */
export const mechanicsTexts: Resources["mechanics"] = {
  yourPoints: {
    title: "您的积分",
    spendable: "可用积分",
    pending: "待发放",
    pendingNote: "购物所得积分，在可退货期内暂不发放。",
    pendingNone: "没有待发放的积分。",
    pendingRow: "{{points}}，{{date}} 起可用",
    status: "会员等级",
    statusLine: "{{points}} 等级积分：{{tier}}",
    nextTier: "再获得 {{missing}} 即可升至 {{tier}}（{{threshold}}）。",
    topTier: "您已达到最高等级。",
    window_one: "等级积分的有效期为 {{count}} 天。",
    window_other: "等级积分的有效期为 {{count}} 天。",
    expiring: "即将过期",
    expiringNone_one: "未来 {{count}} 天内没有积分过期。",
    expiringNone_other: "未来 {{count}} 天内没有积分过期。",
    expiringRow: "{{points}} 将于 {{date}} 过期",
  },
  assets: {
    title: "积分资产",
    intro: "本计划的积分种类。",
    class: "类别",
    name: "名称",
    symbol: "代号",
    expiry: "有效期",
    spendable: "可消费积分",
    statusClass: "等级积分",
    never: "永不过期",
    expires_one: "在获得积分的周期之后 {{count}} 个周期过期（每期 {{period}}）",
    expires_other: "在获得积分的周期之后 {{count}} 个周期过期（每期 {{period}}）",
    window_one: "计入 {{count}} 天；等级：{{tiers}}",
    window_other: "计入 {{count}} 天；等级：{{tiers}}",
  },
};
