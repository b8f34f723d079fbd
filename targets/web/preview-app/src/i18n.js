// Texts: the bundle's i18n/<lang>.json (flat key → text) for the configuration's texts, and the
// preview's own strings (ui.*) below, in English, French and Arabic. A key missing in the chosen
// language falls back to the default language, then to the key's default.

export const UI = {
  en: {
    'ui.title': 'Form preview',
    'ui.record': 'Record',
    'ui.language': 'Language',
    'ui.role': 'Role',
    'ui.role_note':
      'The role switch is a presentation of roles.json only: it hides what the role may not see in this page. In a real deployment the server enforces it; nothing here is protected.',
    'ui.required': 'This field is required.',
    'ui.invalid': 'This answer is not valid.',
    'ui.classification': 'Classification',
    'ui.unresolved': 'not determined yet',
    'ui.computed': 'Computed values',
    'ui.no_evaluator': 'The rules evaluator is missing from the bundle: display conditions, constraints and calculations are not applied.',
    'ui.rules_error': 'The rules evaluator failed:',
    'ui.nothing_visible': 'This role sees no field of this record.',
    'enum.none': '—',
    'ui.add_row': 'Add a row',
    'ui.remove_row': 'Remove this row',
    'ui.offline': 'Offline preview: nothing is sent anywhere; answers are lost when the page closes.',
  },
  fr: {
    'ui.title': 'Aperçu des formulaires',
    'ui.record': 'Dossier',
    'ui.language': 'Langue',
    'ui.role': 'Rôle',
    'ui.role_note':
      "Le choix du rôle n'est qu'une présentation de roles.json : il masque dans cette page ce que le rôle ne peut pas voir. Dans un vrai déploiement, c'est le serveur qui l'applique ; rien n'est protégé ici.",
    'ui.required': 'Ce champ est obligatoire.',
    'ui.invalid': "Cette réponse n'est pas valide.",
    'ui.classification': 'Classification',
    'ui.unresolved': 'pas encore déterminée',
    'ui.computed': 'Valeurs calculées',
    'ui.no_evaluator': "L'évaluateur de règles manque dans le paquet : conditions d'affichage, contraintes et calculs ne sont pas appliqués.",
    'ui.rules_error': "L'évaluateur de règles a échoué :",
    'ui.nothing_visible': 'Ce rôle ne voit aucun champ de ce dossier.',
    'enum.none': '—',
    'ui.add_row': 'Ajouter une ligne',
    'ui.remove_row': 'Supprimer cette ligne',
    'ui.offline': "Aperçu hors ligne : rien n'est envoyé ; les réponses sont perdues à la fermeture de la page.",
  },
  ar: {
    'ui.title': 'معاينة الاستمارات',
    'ui.record': 'السجل',
    'ui.language': 'اللغة',
    'ui.role': 'الدور',
    'ui.role_note':
      'اختيار الدور مجرد عرض لملف roles.json: يخفي في هذه الصفحة ما لا يحق للدور رؤيته. في التطبيق الفعلي يفرض الخادم ذلك؛ لا شيء محمي هنا.',
    'ui.required': 'هذا الحقل مطلوب.',
    'ui.invalid': 'هذه الإجابة غير صالحة.',
    'ui.classification': 'التصنيف',
    'ui.unresolved': 'لم يحدد بعد',
    'ui.computed': 'القيم المحسوبة',
    'ui.no_evaluator': 'مقيّم القواعد غير موجود في الحزمة: لا تطبق شروط العرض والقيود والحسابات.',
    'ui.rules_error': 'فشل مقيّم القواعد:',
    'ui.nothing_visible': 'هذا الدور لا يرى أي حقل من هذا السجل.',
    'enum.none': '—',
    'ui.add_row': 'إضافة صف',
    'ui.remove_row': 'حذف هذا الصف',
    'ui.offline': 'معاينة دون اتصال: لا يرسل أي شيء؛ تضيع الإجابات عند إغلاق الصفحة.',
  },
};

/**
 * A lookup of texts for one language: `text(key)` returns the text or undefined.
 * `texts` is {lang: {key: text}}; `lang` first, then `fallback`, then the preview's English.
 */
export function texts(texts, lang, fallback) {
  const chain = [texts[lang], UI[lang], texts[fallback], UI[fallback], UI.en].filter(Boolean);
  const text = (key) => {
    for (const t of chain) {
      if (Object.prototype.hasOwnProperty.call(t, key)) return t[key];
    }
    return undefined;
  };
  text.lang = lang;
  return text;
}

/**
 * JSON Forms' translate function: the bundle's keys; option labels (`<prefix>.<option id>`,
 * asked by JSON Forms for enums) from the control's lookup (`lookup.<lookup>.<option>`).
 */
export function translator(text, lookupsByI18n) {
  return (key, defaultMessage) => {
    const direct = text(key);
    if (direct !== undefined) return direct;
    const dot = key.lastIndexOf('.');
    if (dot > 0) {
      const lookup = lookupsByI18n.get(key.slice(0, dot));
      if (lookup) {
        const t = text(`lookup.${lookup}.${key.slice(dot + 1)}`);
        if (t !== undefined) return t;
      }
    }
    // JSON Forms asks for descriptions every control may lack: none is no text, not the key.
    if (defaultMessage === undefined && /\.description$/.test(key)) return '';
    return defaultMessage;
  };
}

/** The name of a language in that language (`العربية`), or its code. */
export function languageName(code) {
  try {
    const n = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return n && n !== code ? `${n} (${code})` : code;
  } catch {
    return code;
  }
}
