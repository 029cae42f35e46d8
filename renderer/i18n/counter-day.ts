/**
 * Strings of the counter's shop-day fixes (resent sales, debts, settings), merged into
 * the resources by renderer/i18n/index.ts under the top-level key `day`.
 */
export const counterDay = {
  'zh-CN': {
    day: {
      resend: {
        title: '改动没有记账',
        body: '这一单在改动之前已经记账了，下面是真正记账的商品。改动后多出来的商品请重新刷卡另开一单。',
      },
      lines: '{{name}}×{{qty}}',
      debt: {
        label: '透支欠分',
        pill: '透支',
        owed: '这一户透支了，欠 {{owed}} 分。',
        where: '{{date}} 在{{shop}}透支，欠 {{owed}} 分。',
        otherShop: '别的超市',
        cartLine: '这一户欠 {{owed}} 分：先挣回积分，才能再兑换。',
      },
      overdrafts: {
        menu: '透支名单',
        title: '本店透支名单（待乡镇审核）',
        none: '没有待审的透支。',
        household: '户号',
        head: '户主',
        owed: '透支后余额',
        when: '日期',
        shop: '超市',
        receipt: '小票号',
      },
    },
  },
  en: {
    day: {
      resend: {
        title: 'The changes were not charged',
        body: 'This sale was recorded before the cart was changed; below is what was really charged. Start a new sale (tap the card again) for anything added since.',
      },
      lines: '{{name}} ×{{qty}}',
      debt: {
        label: 'Overdrawn: owes',
        pill: 'Overdrawn',
        owed: 'This household is overdrawn and owes {{owed}} points.',
        where: 'Overdrawn on {{date}} at {{shop}}; owes {{owed}} points.',
        otherShop: 'another shop',
        cartLine: 'This household owes {{owed}} points: it must earn them back before redeeming again.',
      },
      overdrafts: {
        menu: 'Overdrafts',
        title: "This shop's open overdrafts (for township review)",
        none: 'No overdrafts await review.',
        household: 'Household',
        head: 'Head',
        owed: 'Balance after',
        when: 'Date',
        shop: 'Shop',
        receipt: 'Receipt',
      },
    },
  },
} as const;
