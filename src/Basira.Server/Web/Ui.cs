using System.Globalization;
using System.Net;
using System.Text;

namespace Basira.Server.Web;

/// <summary>Interface texts in French (default), Arabic and English.</summary>
public static class Ui
{
    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch { "ar" => "ar", "en" => "en", _ => "fr" };

    public static string T(string key) => T(Lang, key);

    public static string T(string lang, string key)
    {
        if (Texts.TryGetValue(key, out var t)) return lang switch { "ar" => t.Ar, "en" => t.En, _ => t.Fr };
        return key;
    }

    public static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static readonly Dictionary<string, (string Fr, string Ar, string En)> Texts = new()
    {
        ["app"] = ("Basira — plateforme d'IA souveraine et redevable", "بصيرة — منصة ذكاء اصطناعي سيادية وخاضعة للمساءلة", "Basira — sovereign, accountable AI platform"),
        ["skip"] = ("Aller au contenu", "انتقل إلى المحتوى", "Skip to content"),
        ["home"] = ("Accueil", "الرئيسية", "Home"),
        ["register"] = ("Registre des algorithmes", "سجل الخوارزميات", "Algorithm register"),
        ["decisions"] = ("Décisions", "القرارات", "Decisions"),
        ["objections"] = ("Oppositions", "التعرضات", "Objections"),
        ["audit"] = ("Audit d'équité", "تدقيق الإنصاف", "Fairness audit"),
        ["login"] = ("Se connecter", "تسجيل الدخول", "Sign in"),
        ["logout"] = ("Se déconnecter", "تسجيل الخروج", "Sign out"),
        ["username"] = ("Identifiant", "اسم المستخدم", "Username"),
        ["password"] = ("Mot de passe", "كلمة المرور", "Password"),
        ["login_failed"] = ("Identifiant ou mot de passe incorrect.", "اسم المستخدم أو كلمة المرور غير صحيحة.", "Unknown user or wrong password."),
        ["login_locked"] = ("Trop d'échecs de connexion pour cet identifiant : la connexion est suspendue pendant 15 minutes.", "محاولات فاشلة كثيرة لهذا الاسم: تم تعليق تسجيل الدخول لمدة 15 دقيقة.", "Too many failed sign-ins for this username: sign-in is suspended for 15 minutes."),
        ["language"] = ("Langue", "اللغة", "Language"),
        ["intro"] = ("Basira aide les services publics du Maroc à cibler leur action (éducation, énergie, emploi). Chaque décision qui concerne une personne est expliquée exactement, peut faire l'objet d'une opposition examinée par une personne, est auditée pour l'équité et journalisée. La plateforme fonctionne hors ligne, sur les machines de l'État.",
            "تساعد بصيرة المرافق العمومية بالمغرب على استهداف تدخلها (التعليم، الطاقة، التشغيل). كل قرار يخص شخصا يُشرح بدقة، ويمكن التعرض عليه ليراجعه شخص، ويخضع لتدقيق الإنصاف ويُسجَّل. تعمل المنصة دون اتصال، على أجهزة الدولة.",
            "Basira helps Morocco's public services target their action (education, energy, employment). Every decision about a person carries an exact explanation, can be objected to and reviewed by a person, is audited for fairness and is logged. The platform runs offline on the government's own machines."),
        ["demo_banner"] = ("Démonstration : toutes les personnes affichées sont synthétiques (générées), aucune donnée réelle.", "عرض توضيحي: جميع الأشخاص المعروضين اصطناعيون (مولَّدون)، ولا توجد أي معطيات حقيقية.", "Demo: every person shown is synthetic (generated); no real data."),
        ["notice"] = ("Notice de décision", "إشعار القرار", "Decision notice"),
        ["notice_l2"] = ("Règles appliquées à votre situation (niveau 2)", "القواعد المطبقة على وضعيتكم (المستوى 2)", "Rules applied to your situation (level 2)"),
        ["decision_id"] = ("Référence de la décision", "مرجع القرار", "Decision reference"),
        ["issued_at"] = ("Date", "التاريخ", "Date"),
        ["authority"] = ("Autorité", "السلطة", "Authority"),
        ["purpose"] = ("Finalité", "الغاية", "Purpose"),
        ["outcome"] = ("Résultat", "النتيجة", "Outcome"),
        ["effect"] = ("Conséquences", "الآثار", "Consequences"),
        ["automation"] = ("Rôle de l'algorithme", "دور الخوارزمية", "Role of the algorithm"),
        ["main_factors"] = ("Principaux facteurs", "العوامل الرئيسية", "Main factors"),
        ["model"] = ("Modèle", "النموذج", "Model"),
        ["rights"] = ("Vos droits", "حقوقكم", "Your rights"),
        ["status"] = ("Situation", "الوضعية", "Status"),
        ["object_title"] = ("Former une opposition", "التعرض على القرار", "Object to this decision"),
        ["deadline"] = ("Date limite", "آخر أجل", "Deadline"),
        ["grounds"] = ("Motif", "السبب", "Grounds"),
        ["channel"] = ("Opposition reçue", "طريقة تلقي التعرض", "Objection received"),
        ["ch_paper"] = ("Par courrier", "بالبريد", "On paper"),
        ["ch_phone"] = ("Par téléphone", "بالهاتف", "By phone"),
        ["ch_counter"] = ("Au guichet", "في الشباك", "At the counter"),
        ["g_data_error"] = ("Une donnée est fausse", "معطى غير صحيح", "Some data are wrong"),
        ["g_wrong_rule"] = ("La règle a été mal appliquée", "طُبقت القاعدة بشكل خاطئ", "The rule was applied wrongly"),
        ["g_unfair"] = ("La décision me semble injuste", "يبدو لي القرار غير منصف", "The decision seems unfair"),
        ["g_other"] = ("Autre", "سبب آخر", "Other"),
        ["statement"] = ("Votre point de vue", "وجهة نظركم", "Your point of view"),
        ["submit_objection"] = ("Envoyer l'opposition", "إرسال التعرض", "Send the objection"),
        ["objection_received"] = ("Opposition enregistrée. Accusé de réception :", "تم تسجيل التعرض. إشعار بالتوصل:", "Objection recorded. Receipt:"),
        ["feature"] = ("Donnée", "المعطى", "Data item"),
        ["value"] = ("Valeur", "القيمة", "Value"),
        ["source"] = ("Source", "المصدر", "Source"),
        ["as_of"] = ("Date de la donnée", "تاريخ المعطى", "Date of the value"),
        ["contribution"] = ("Contribution (log-odds)", "المساهمة (لوغاريتم الأرجحية)", "Contribution (log-odds)"),
        ["baseline"] = ("Valeur de référence", "القيمة المرجعية", "Baseline"),
        ["raw_score"] = ("Score brut", "الدرجة الخام", "Raw score"),
        ["probability"] = ("Probabilité", "الاحتمال", "Probability"),
        ["threshold"] = ("Seuil", "العتبة", "Threshold"),
        ["operations"] = ("Opérations", "العمليات", "Operations"),
        ["uncertainty"] = ("Incertitude", "عدم اليقين", "Uncertainty"),
        ["counterfactual"] = ("Ce qui changerait le résultat", "ما الذي قد يغيّر النتيجة", "What would change the result"),
        ["fairness"] = ("Équité", "الإنصاف", "Fairness"),
        ["rank"] = ("Rang", "الرتبة", "Rank"),
        ["subject"] = ("Personne (pseudonyme)", "الشخص (اسم مستعار)", "Person (pseudonym)"),
        ["school"] = ("Établissement", "المؤسسة", "School"),
        ["open"] = ("Ouvrir", "فتح", "Open"),
        ["none"] = ("Aucun élément.", "لا شيء.", "Nothing."),
        ["review"] = ("Examiner", "مراجعة", "Review"),
        ["decide"] = ("Décider", "البت", "Decide"),
        ["reasoning"] = ("Motivation", "التعليل", "Reasoning"),
        ["o_upheld"] = ("Maintenue", "مؤيَّد", "Upheld"),
        ["o_modified"] = ("Modifiée", "معدَّل", "Modified"),
        ["o_reversed"] = ("Annulée", "ملغى", "Reversed"),
        ["state"] = ("État", "الحالة", "State"),
        ["overdue"] = ("En retard", "متأخر", "Overdue"),
        ["chain"] = ("Journal d'audit chaîné", "سجل التدقيق المتسلسل", "Hash-chained audit log"),
        ["chain_ok"] = ("intact", "سليم", "intact"),
        ["chain_broken"] = ("rompu à l'entrée", "منقطع عند المدخل", "broken at entry"),
        ["entries"] = ("entrées", "مدخلات", "entries"),
        ["group"] = ("Groupe", "الفئة", "Group"),
        ["bad_input"] = ("Saisie refusée", "إدخال مرفوض", "Input refused"),
        ["step_refused"] = ("Étape refusée", "خطوة مرفوضة", "Step refused"),
        ["home_counts"] = ("{0} modèle(s) · {1} décision(s)", "{0} نموذج · {1} قرار", "{0} model(s) · {1} decision(s)"),
        ["out_flagged"] = ("Proposé pour un accompagnement", "مقترح للمواكبة", "Proposed for support"),
        ["out_not_flagged"] = ("Non proposé", "غير مقترح", "Not proposed"),
        ["out_declined"] = ("Proposition déclinée par l'établissement", "اقتراح رفضته المؤسسة", "Proposal declined by the school"),
        ["modified_outcome"] = ("Résultat modifié", "النتيجة المعدّلة", "Modified outcome"),
        ["modified_from_data"] = ("selon les données rectifiées", "حسب المعطيات المصحَّحة", "from the rectified data"),
        ["statement_withheld"] = ("(non affiché : réservé à la personne, aux examinateurs et aux administrateurs)", "(غير معروض: مخصص للشخص وللمراجعين وللمسؤولين)", "(withheld: shown to the person, reviewers and administrators only)"),
        ["role_admin"] = ("administrateur", "مسؤول", "administrator"),
        ["role_analyst"] = ("analyste", "محلل", "analyst"),
        ["role_school_staff"] = ("direction d'établissement", "إدارة المؤسسة", "school staff"),
        ["role_teacher"] = ("enseignant", "أستاذ", "teacher"),
        ["role_counsellor"] = ("conseiller", "مستشار", "counsellor"),
        ["role_reviewer"] = ("examinateur des oppositions", "مراجع التعرضات", "objection reviewer"),
        ["role_auditor"] = ("auditeur", "مدقق", "auditor"),
        ["role_citizen"] = ("personne concernée", "الشخص المعني", "person concerned"),
        ["scope_national"] = ("national", "وطني", "national"),
        ["scope_region"] = ("région", "جهة", "region"),
        ["scope_province"] = ("province", "إقليم", "province"),
        ["scope_school"] = ("établissement", "مؤسسة", "school"),
        ["scope_self"] = ("soi-même", "الشخص نفسه", "self"),
        ["attr_sex"] = ("Sexe", "الجنس", "Sex"),
        ["attr_milieu"] = ("Milieu (urbain / rural)", "الوسط (حضري / قروي)", "Milieu (urban / rural)"),
        ["attr_region"] = ("Région", "الجهة", "Region"),
        ["attr_sex|milieu"] = ("Sexe × milieu", "الجنس × الوسط", "Sex × milieu"),
        ["col_n"] = ("Effectif", "العدد", "Count"),
        ["col_label_pos"] = ("Issues positives", "الحالات الإيجابية", "Positive outcomes"),
        ["col_selection_rate"] = ("Taux de sélection", "نسبة الانتقاء", "Selection rate"),
        ["col_tpr"] = ("Taux de vrais positifs", "نسبة الإيجابيات الصحيحة", "True positive rate"),
        ["col_fpr"] = ("Taux de faux positifs", "نسبة الإيجابيات الخاطئة", "False positive rate"),
        ["col_fnr"] = ("Taux de faux négatifs", "نسبة السلبيات الخاطئة", "False negative rate"),
        ["col_ppv"] = ("Valeur prédictive positive", "القيمة التنبؤية الإيجابية", "Positive predictive value"),
        ["m_demographic_parity_difference"] = ("Écart de parité démographique", "فرق التكافؤ الديموغرافي", "Demographic parity difference"),
        ["m_demographic_parity_ratio"] = ("Rapport de parité démographique", "نسبة التكافؤ الديموغرافي", "Demographic parity ratio"),
        ["m_equalized_odds_difference"] = ("Écart d'égalité des chances (odds)", "فرق تكافؤ الاحتمالات", "Equalized odds difference"),
        ["m_equal_opportunity_difference"] = ("Écart d'égalité des opportunités", "فرق تكافؤ الفرص", "Equal opportunity difference"),
        ["m_status"] = ("Statut", "الحالة", "Status"),
        ["not_found"] = ("Introuvable.", "غير موجود.", "Not found."),
        ["corrections"] = ("Données rectifiées (une par ligne : donnée=valeur) — la décision sera recalculée", "المعطيات المصححة (سطر لكل معطى: المعطى=القيمة) — سيُعاد حساب القرار", "Rectified data (one per line: feature=value) — the decision is re-scored"),
        ["no_error_found"] = ("Données vérifiées : aucune erreur constatée (sans rectification)", "تم التحقق من المعطيات: لا يوجد أي خطأ (دون تصحيح)", "Data checked: no error found (no rectification)"),
        ["human_decision"] = ("Décision de l'établissement", "قرار المؤسسة", "The school's decision"),
        ["hd_confirm"] = ("Confirmer la proposition d'accompagnement", "تأكيد اقتراح المواكبة", "Confirm the support proposal"),
        ["hd_decline"] = ("Ne pas donner suite", "عدم المتابعة", "Do not follow up"),
        ["hd_locked"] = ("Une opposition est en cours ou a été examinée : le résultat suit désormais le réexamen humain.", "يوجد تعرض قيد المعالجة أو تمت مراجعته: تتبع النتيجة الآن المراجعة البشرية.", "An objection is open or has been reviewed: the outcome now follows the human review."),
        ["evidence"] = ("Preuve", "الدليل", "Evidence"),
        ["footer"] = ("Basira · hors ligne · données et modèles hébergés au Maroc", "بصيرة · دون اتصال · المعطيات والنماذج مستضافة بالمغرب", "Basira · offline · data and models hosted in Morocco"),
        ["geo_credit"] = ("Limites administratives : © contributeurs OpenStreetMap (ODbL), morocco-map (yousfiSaad).", "الحدود الإدارية: © مساهمو OpenStreetMap (ODbL)، morocco-map (yousfiSaad).", "Administrative boundaries: © OpenStreetMap contributors (ODbL), morocco-map (yousfiSaad)."),
        ["forbidden"] = ("Accès refusé.", "الولوج مرفوض.", "Access denied."),
        // Labels of the register's fields (TRANSPARENCY.md §1b); the JSON keys stay as they are.
        ["reg.uuid"] = ("Identifiant", "المعرّف", "Identifier"),
        ["reg.description_short"] = ("Description", "الوصف", "Description"),
        ["reg.organization"] = ("Organisme responsable", "الهيئة المسؤولة", "Responsible body"),
        ["reg.department"] = ("Service", "المصلحة", "Department"),
        ["reg.contact"] = ("Contact", "جهة الاتصال", "Contact"),
        ["reg.category"] = ("Domaine", "المجال", "Policy area"),
        ["reg.status"] = ("Statut", "الوضعية", "Status"),
        ["reg.begin_date"] = ("En service depuis", "في الاستعمال منذ", "In use since"),
        ["reg.end_date"] = ("Fin de service", "نهاية الاستعمال", "End of use"),
        ["reg.risk_category"] = ("Catégorie de risque", "فئة الخطورة", "Risk category"),
        ["reg.risk_justification"] = ("Justification de la catégorie de risque", "تبرير فئة الخطورة", "Risk justification"),
        ["reg.goal"] = ("Objectif", "الهدف", "Goal"),
        ["reg.impact"] = ("Impact", "الأثر", "Impact"),
        ["reg.decision_making_process"] = ("Processus de décision", "مسار اتخاذ القرار", "Decision-making process"),
        ["reg.degree_of_automation"] = ("Degré d'automatisation", "درجة الأتمتة", "Degree of automation"),
        ["reg.proportionality"] = ("Proportionnalité", "التناسب", "Proportionality"),
        ["reg.alternatives_considered"] = ("Alternatives envisagées", "البدائل المدروسة", "Alternatives considered"),
        ["reg.lawful_basis"] = ("Base légale", "الأساس القانوني", "Lawful basis"),
        ["reg.cndp_reference"] = ("Référence CNDP", "مرجع CNDP", "CNDP reference"),
        ["reg.source_data"] = ("Données sources", "المعطيات المصدر", "Source data"),
        ["reg.training_data"] = ("Données d'entraînement", "معطيات التدريب", "Training data"),
        ["reg.data_bias"] = ("Biais des données", "انحيازات المعطيات", "Data bias"),
        ["reg.personal_data"] = ("Données personnelles", "المعطيات الشخصية", "Personal data"),
        ["reg.methods_and_models"] = ("Méthodes et modèles", "الطرق والنماذج", "Methods and models"),
        ["reg.performance"] = ("Performance", "الأداء", "Performance"),
        ["reg.monitoring"] = ("Suivi", "التتبع", "Monitoring"),
        ["reg.non_discrimination"] = ("Non-discrimination", "عدم التمييز", "Non-discrimination"),
        ["reg.human_intervention"] = ("Intervention humaine", "التدخل البشري", "Human intervention"),
        ["reg.objection_procedure"] = ("Procédure d'opposition", "مسطرة التعرض", "Objection procedure"),
        ["reg.rollback"] = ("Réversibilité", "إمكانية التراجع", "Rollback"),
        ["reg.risks"] = ("Risques", "المخاطر", "Risks"),
        ["reg.impact_assessments"] = ("Analyses d'impact", "تقييمات الأثر", "Impact assessments"),
        ["reg.provider"] = ("Fournisseur", "المزوّد", "Provider"),
        ["reg.publiccode"] = ("Code source", "الشفرة المصدرية", "Source code"),
        ["reg.model_card"] = ("Fiche du modèle", "بطاقة النموذج", "Model card"),
        ["reg.model_version"] = ("Version du modèle", "إصدار النموذج", "Model version"),
        ["reg.model_hash"] = ("Empreinte du modèle (SHA-256)", "بصمة النموذج (SHA-256)", "Model hash (SHA-256)"),
        ["reg.training_date"] = ("Date d'entraînement", "تاريخ التدريب", "Training date"),
        ["reg.hosting"] = ("Hébergement", "الاستضافة", "Hosting"),
        ["reg.standard_version"] = ("Version du standard", "إصدار المعيار", "Standard version"),
        ["reg.lang"] = ("Langue", "اللغة", "Language"),
        ["reg.last_change_date"] = ("Dernière modification", "آخر تعديل", "Last change"),
    };
}

/// <summary>The page layout: landmarks, language switch, right-to-left for Arabic, vendored stylesheet only.</summary>
public static class Layout
{
    public static IResult Page(HttpContext http, string title, string body, int status = 200)
    {
        var lang = Ui.Lang;
        var dir = lang == "ar" ? "rtl" : "ltr";
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        var path = http.Request.Path.Value ?? "/";
        var sb = new StringBuilder();
        sb.Append($"<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append($"<title>{Ui.H(title)} · Basira</title><link rel=\"stylesheet\" href=\"/basira.css\"></head><body>");
        sb.Append($"<a class=\"skip\" href=\"#main\">{Ui.H(Ui.T("skip"))}</a>");
        sb.Append($"<header><div class=\"brand\"><a href=\"/\">بصيرة Basira</a></div><nav aria-label=\"{Ui.H(Ui.T("home"))}\"><ul>");
        foreach (var (href, key) in new[] { ("/register", "register"), ("/decisions", "decisions"), ("/objections", "objections"), ("/audit", "audit") })
            sb.Append($"<li><a href=\"{href}\"{(path.StartsWith(href, StringComparison.Ordinal) ? " aria-current=\"page\"" : "")}>{Ui.H(Ui.T(key))}</a></li>");
        sb.Append("</ul></nav><div class=\"tools\">");
        sb.Append($"<span class=\"langs\" aria-label=\"{Ui.H(Ui.T("language"))}\">");
        foreach (var (c, label) in new[] { ("fr", "Français"), ("ar", "العربية"), ("en", "English") })
            sb.Append($"<a href=\"{Ui.H(path)}?culture={c}&amp;ui-culture={c}\" lang=\"{c}\"{(c == lang ? " aria-current=\"true\"" : "")}>{label}</a> ");
        sb.Append("</span>");
        sb.Append(user is null
            ? $"<a class=\"btn\" href=\"/login\">{Ui.H(Ui.T("login"))}</a>"
            : $"<form method=\"post\" action=\"/logout\" class=\"inline\">{Antiforgery(http)}<span>{Ui.H(user)}</span> <button type=\"submit\">{Ui.H(Ui.T("logout"))}</button></form>");
        sb.Append("</div></header>");
        sb.Append($"<main id=\"main\"><h1>{Ui.H(title)}</h1>{body}</main>");
        sb.Append($"<footer><p>{Ui.H(Ui.T("footer"))} · <a href=\"/register\">{Ui.H(Ui.T("register"))}</a> · <a href=\"/openapi/v1.json\">OpenAPI</a></p>");
        sb.Append($"<p class=\"small\">{Ui.H(Ui.T("geo_credit"))}</p></footer></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Antiforgery(HttpContext http)
    {
        var af = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        var t = af.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{Ui.H(t.FormFieldName)}\" value=\"{Ui.H(t.RequestToken)}\">";
    }
}
