using Basira.Governance.Access;
using Basira.Governance.Decisions;
using Basira.Governance.Models;

namespace Basira.Energy.MiniGrids.Shedding;

/// <summary>The register declaration of mini-grid load shedding (TRANSPARENCY.md §1b, static part).</summary>
public static class SheddingAlgorithm
{
    public const string Id = "energy.minigrid-load-shedding";

    /// <summary>Inputs of a curtailment decision (and of its exact explanation).</summary>
    public const string DemandFeature = "demand_kwh", ServedFeature = "fair_share_kwh";

    private static LocalizedText L(string fr, string ar, string en) => new(fr, ar, en);

    public static AlgorithmDescriptor Descriptor { get; } = new()
    {
        Algorithm = Id,
        Domain = AccessPolicy.EnergyDomain,
        Name = L("Délestage équitable des mini-réseaux ruraux", "الفصل العادل للأحمال في الشبكات الصغيرة القروية", "Fair load shedding on rural mini-grids"),
        DescriptionShort = L(
            "Quand un mini-réseau ne peut pas servir toute la demande, l'énergie disponible va d'abord au centre de santé et à la pompe à eau, puis à l'école, puis elle est partagée entre les foyers : chaque foyer reçoit au plus la même part (partage max-min), un foyer qui demande moins est servi en entier.",
            "عندما لا تستطيع الشبكة الصغيرة تلبية كل الطلب، تذهب الطاقة المتاحة أولا إلى المركز الصحي ومضخة الماء، ثم إلى المدرسة، ثم تُقسَم بين الأسر: تحصل كل أسرة على الحصة نفسها على الأكثر (تقسيم أقصى-أدنى)، وتُلبّى كاملا حاجة الأسرة التي تطلب أقل.",
            "When a mini-grid cannot serve all demand, the energy available goes first to the health post and the water pump, then the school, then it is shared between households: each household gets at most the same share (max-min sharing), and a household that needs less is served in full."),
        Purpose = L("Répartir équitablement une pénurie d'électricité et protéger les usages prioritaires.", "توزيع نقص الكهرباء بإنصاف وحماية الاستعمالات ذات الأولوية.", "Share an electricity shortage fairly and protect priority uses."),
        DecisionOutcomePositive = L("Une partie de la demande de votre compteur n'a pas été servie (délestage).", "لم تُلبَّ جزء من طلب عدادكم (فصل الأحمال).", "Part of your meter's demand was not served (load shedding)."),
        DecisionOutcomeNegative = L("Votre demande a été servie en entier.", "لُبّي طلبكم كاملا.", "Your demand was served in full."),
        LegalEffect = L("Coupure partielle de fourniture pendant les heures indiquées ; aucune pénalité ni facturation de l'énergie non servie.", "انقطاع جزئي للتزويد خلال الساعات المذكورة؛ دون أي غرامة أو فوترة للطاقة غير المزوَّدة.", "Partial interruption of supply during the hours shown; no penalty and no billing of the energy not served."),
        Organization = L("Office National de l'Électricité et de l'Eau potable (ONEE) — branche électricité", "المكتب الوطني للكهرباء والماء الصالح للشرب — قطاع الكهرباء", "National Office of Electricity and Drinking Water (ONEE) — electricity branch"),
        Department = L("Électrification rurale — exploitation des mini-réseaux — cellule Basira", "الكهربة القروية — استغلال الشبكات الصغيرة — خلية بصيرة", "Rural electrification — mini-grid operations — Basira unit"),
        Contact = "basira-energie@one.org.ma",
        DpoContact = "dpo@one.org.ma",
        RiskCategory = "high_risk",
        RiskJustification = L(
            "Gère l'accès à un service essentiel (électricité) dans des villages (cf. EU AI Act, annexe III, point 5 ; classé à haut risque par choix).",
            "يدبّر الولوج إلى خدمة أساسية (الكهرباء) في القرى (راجع الملحق III، النقطة 5، من قانون الاتحاد الأوروبي للذكاء الاصطناعي؛ صُنِّف عالي الخطورة اختيارا).",
            "Manages access to an essential service (electricity) in villages (cf. EU AI Act Annex III point 5; treated as high-risk by choice)."),
        Goal = L("Aucune coupure des usages vitaux et une pénurie partagée équitablement entre foyers et villages.", "عدم انقطاع الاستعمالات الحيوية وتقاسم النقص بإنصاف بين الأسر والقرى.", "No interruption of vital uses and a shortage shared fairly between households and villages."),
        Impact = L("Les foyers délestés reçoivent un avis par jour de délestage et peuvent former une opposition.", "تتلقى الأسر المعنية بالفصل إشعارا عن كل يوم فصل ويمكنها التعرض عليه.", "Households whose supply was shed receive a notice per day of shedding and may object."),
        DecisionMakingProcess = L("Automatique à chaque heure de pénurie, selon une règle publiée ; l'opérateur du mini-réseau surveille et peut modifier les priorités.", "آلي في كل ساعة نقص، وفق قاعدة منشورة؛ ويراقب مشغّل الشبكة الصغيرة ويمكنه تعديل الأولويات.", "Automatic at each hour of shortage, by a published rule; the mini-grid operator monitors and may change the priorities."),
        Proportionality = L("Utilise uniquement la consommation horaire du compteur et sa classe d'usage ; aucune donnée sur les personnes.", "يستعمل فقط الاستهلاك الساعي للعداد وصنف استعماله؛ دون أي معطيات عن الأشخاص.", "Uses only the meter's hourly consumption and its use class; no data about persons."),
        AlternativesConsidered = L("Coupures tournantes par quartier (inéquitables pour les petits consommateurs) ; partage proportionnel (disponible, option --rule proportional).", "الانقطاعات الدورية حسب الحي (غير منصفة للمستهلكين الصغار)؛ التقسيم التناسبي (متاح، الخيار --rule proportional).", "Rotating cuts by area (unfair to small consumers); proportional sharing (available, option --rule proportional)."),
        LawfulBasis = L("Mission de service public de distribution d'électricité (loi 09-08, art. 4) ; contrat d'abonnement.", "مهمة المرفق العام لتوزيع الكهرباء (القانون 09-08، المادة 4)؛ عقد الاشتراك.", "Public-service mission of electricity distribution (law 09-08 art. 4); supply contract."),
        CndpReference = L("à déposer auprès de la CNDP avant toute mise en production (déploiement de démonstration)", "يُودَع لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي قبل أي استعمال فعلي (نشر تجريبي)", "to be filed with the CNDP before production use (demo deployment)"),
        SourceData = L("Mesures horaires des compteurs du mini-réseau ; production PV, batterie et groupe électrogène.", "القياسات الساعية لعدادات الشبكة الصغيرة؛ إنتاج الألواح الشمسية والبطارية ومولد الديزل.", "Hourly meter readings of the mini-grid; PV, battery and genset operation."),
        DataBias = L("Les villages plus éloignés ont des compteurs moins fiables ; l'audit compare le délestage entre villages.", "عدادات القرى الأبعد أقل موثوقية؛ ويقارن التدقيق الفصل بين القرى.", "Remote villages have less reliable meters; the audit compares shedding between villages."),
        PersonalData = L("Identifiant de compteur pseudonymisé (HMAC à clé), village, consommation horaire.", "معرّف مستعار للعداد (HMAC بمفتاح)، القرية، الاستهلاك الساعي.", "Pseudonymised meter identifier (keyed HMAC), village, hourly consumption."),
        HumanIntervention = L("L'opérateur fixe les priorités ; des examinateurs qui n'ont pas pris la décision traitent les oppositions (erreur de mesure, priorité mal attribuée).", "يحدد المشغّل الأولويات؛ ويعالج التعرضات مراجعون لم يتخذوا القرار (خطأ في القياس، أولوية غير صحيحة).", "The operator sets the priorities; reviewers who did not take the decision handle objections (metering error, wrong priority)."),
        Rollback = L("Une opposition fondée donne lieu à une correction de la priorité ou à une compensation ; les décisions sont conservées en ajout seul.", "يؤدي التعرض المقبول إلى تصحيح الأولوية أو إلى تعويض؛ وتُحفظ القرارات في سجل لا يقبل إلا الإضافة.", "A founded objection leads to a corrected priority or a compensation; decisions are kept append-only."),
        Risks = L("Un village pourrait être délesté plus souvent qu'un autre (atténué : audit d'équité entre villages après chaque période).", "قد تُفصل قرية أكثر من أخرى (مخفَّف: تدقيق الإنصاف بين القرى بعد كل فترة).", "One village could be shed more often than another (mitigated: fairness audit between villages after each period)."),
        ImpactAssessments = L("AIPD requise avant la mise en production ; pas encore réalisée pour cette démonstration.", "تقييم الأثر على حماية المعطيات مطلوب قبل أي استعمال فعلي؛ ولم يُنجَز بعد لهذا العرض.", "DPIA required before production; not yet done for this demo."),
        Monitoring = L("Audit d'équité entre villages après chaque période : part de la demande délestée et taux de jours délestés par village, indice de Jain.", "تدقيق الإنصاف بين القرى بعد كل فترة: حصة الطلب المفصول ونسبة أيام الفصل حسب القرية، ومؤشر جاين.", "Fairness audit between villages after each period: share of demand shed and rate of days shed per village, Jain's index."),
        IntendedUse = L("Partager une pénurie d'énergie d'un mini-réseau rural.", "تقاسم نقص الطاقة في شبكة صغيرة قروية.", "Share an energy shortage of a rural mini-grid."),
        OutOfScopeUses = L("Coupure pour impayé ; toute décision sur l'abonnement.", "القطع بسبب عدم الأداء؛ وأي قرار يخص الاشتراك.", "Disconnection for non-payment; any decision about the subscription."),
        EthicalConsiderations = L("Usages vitaux protégés ; même part pour chaque foyer ; avis en français, arabe ou anglais.", "حماية الاستعمالات الحيوية؛ الحصة نفسها لكل أسرة؛ إشعار بالعربية أو الفرنسية أو الإنجليزية.", "Vital uses protected; the same share for every household; notice in French, Arabic or English."),
        Caveats = L("Les données de démonstration sont synthétiques ou issues de pymgrid.", "معطيات العرض التوضيحي اصطناعية أو مأخوذة من pymgrid.", "Demo data are synthetic or from pymgrid."),
        AutomationLevel = AutomationLevels.FullyAutomated,
        SelectionMeaning = L("Être sélectionné (délesté) est un désavantage : l'erreur qui compte est un foyer délesté plus que sa part.", "الانتقاء (الفصل) ضرر: والخطأ الأهم أسرة فُصلت أكثر من حصتها.", "Being selected (shed) is a disadvantage: the error that matters is a household shed beyond its share."),
        ProtectedAttributes = ["village"],
        Operations =
        [
            L("1. Le pilotage du mini-réseau (PV, batterie, groupe électrogène) minimise le coût et l'énergie non servie.", "1. يقلّص تدبير الشبكة الصغيرة (ألواح شمسية، بطارية، مولد) الكلفة والطاقة غير المزوَّدة.", "1. The mini-grid dispatch (PV, battery, genset) minimises cost and energy not served."),
            L("2. À chaque heure de pénurie, l'énergie disponible sert d'abord la priorité 1 (santé, eau), puis la priorité 2 (école), puis les foyers.", "2. في كل ساعة نقص، تُزوَّد الأولوية 1 (الصحة، الماء) أولا، ثم الأولوية 2 (المدرسة)، ثم الأسر.", "2. At each hour of shortage, energy serves priority 1 (health, water) first, then priority 2 (school), then households."),
            L("3. Au niveau où l'énergie manque, partage max-min : chaque foyer reçoit au plus la même part.", "3. في المستوى الذي ينقص فيه التزويد، تقسيم أقصى-أدنى: تحصل كل أسرة على الحصة نفسها على الأكثر.", "3. At the level where energy runs out, max-min sharing: each household gets at most the same share."),
            L("4. Une décision par compteur et par jour délesté, avec l'énergie demandée et la part reçue ; audit entre villages.", "4. قرار لكل عداد ولكل يوم فصل، مع الطاقة المطلوبة والحصة المستلمة؛ وتدقيق بين القرى.", "4. One decision per meter and day of shedding, with the energy asked and the share received; audit between villages."),
        ],
        FeatureLabels = new Dictionary<string, LocalizedText>
        {
            [DemandFeature] = L("L'énergie demandée ce jour-là", "الطاقة المطلوبة في ذلك اليوم", "Energy asked that day"),
            [ServedFeature] = L("La part équitable reçue", "الحصة العادلة المستلمة", "Fair share received"),
        },
        FeatureSources = new Dictionary<string, LocalizedText>
        {
            [DemandFeature] = L("compteur du mini-réseau", "عداد الشبكة الصغيرة", "mini-grid meter"),
            [ServedFeature] = L("règle de partage max-min", "قاعدة التقسيم أقصى-أدنى", "max-min sharing rule"),
        },
        FeatureValues = new Dictionary<string, FeatureValueWords>
        {
            [DemandFeature] = new QuantityWords(L("{0} kWh", "{0} كيلوواط ساعة", "{0} kWh")) { Format = "0.##" },
            [ServedFeature] = new QuantityWords(L("{0} kWh", "{0} كيلوواط ساعة", "{0} kWh")) { Format = "0.##" },
        },
        Learners = new Dictionary<string, LocalizedText>
        {
            ["rule"] = L("règle publiée (priorités puis partage max-min)", "قاعدة منشورة (الأولويات ثم التقسيم أقصى-أدنى)", "published rule (priorities, then max-min sharing)"),
        },
        TrainingDataTemplate = L("Aucune : une règle publiée, pas un modèle appris.", "لا شيء: قاعدة منشورة وليست نموذجا متعلَّما.", "None: a published rule, not a learned model."),
        PerformanceProtocolTemplate = L("Exactitude vérifiée par des tests : l'énergie servie égale l'énergie fournie, les usages prioritaires d'abord ; délestage audité entre villages après chaque exécution.", "الدقة مُتحقَّق منها بالاختبارات: الطاقة المزوَّدة تساوي الطاقة المتاحة، والاستعمالات ذات الأولوية أولا؛ ويُدقَّق الفصل بين القرى بعد كل تشغيل.", "Exactness checked by tests: the energy served equals the energy supplied, priority uses first; shedding audited across villages after each run."),
    };
}
