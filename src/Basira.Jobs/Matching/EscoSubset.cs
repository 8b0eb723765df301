using Basira.Jobs.Esco;

namespace Basira.Jobs.Matching;

/// <summary>
/// The occupation–skill graph built from the ESCO classification shipped with the module (<see cref="EscoClassification"/>):
/// the full graph (3,007 occupations) for the platform, and a small subset of 26 occupations common in Moroccan job
/// offers (their essential skills and at most 12 optional ones) for the tests and quick runs.
/// "This service uses the ESCO classification of the European Commission."
/// </summary>
public static class EscoSubset
{
    public const string Attribution = EscoClassification.Attribution;

    /// <summary>26 occupations common in Moroccan offers (marocannonces 2023 titles): accountant, web developer, cook, electrician…</summary>
    public static readonly IReadOnlyList<string> CommonOccupations =
    [
        "http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897", // comptable
        "http://data.europa.eu/esco/occupation/c40a2919-48a9-40ea-b506-1f34f693496d", // développeur web
        "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1", // développeur de logiciels
        "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", // analyste de données
        "http://data.europa.eu/esco/occupation/69bcbb0a-8d80-4ecd-b0a4-9adea2a40de2", // graphiste
        "http://data.europa.eu/esco/occupation/044d78cc-f62f-4532-83a5-8e04f2889652", // assistant administratif
        "http://data.europa.eu/esco/occupation/f7b04542-d8c7-42db-8475-e63b507cce82", // réceptionniste
        "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", // serveur
        "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e", // cuisinier
        "http://data.europa.eu/esco/occupation/1aadb308-432a-4d01-b54b-b4f7f76dd419", // boulanger
        "http://data.europa.eu/esco/occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0", // électricien
        "http://data.europa.eu/esco/occupation/ed3cf43d-c2c1-4c46-82fc-1375e27e0290", // plombier
        "http://data.europa.eu/esco/occupation/05f321f8-055b-407d-bf19-e0ddabda56b7", // maçon
        "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b", // soudeur
        "http://data.europa.eu/esco/occupation/3b4eb248-6b40-42fe-9d10-cba8ccfe6613", // mécanicien d’entretien en automobile
        "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f", // magasinier
        "http://data.europa.eu/esco/occupation/0c408028-c48f-4df8-ba5d-c3d3be15f5a2", // chauffeur-livreur en voiture ou camionnette
        "http://data.europa.eu/esco/occupation/31808988-fc0a-4bc3-9e47-27216d6759f5", // agent de sécurité
        "http://data.europa.eu/esco/occupation/099c6bb0-22d3-4c5d-8bf5-70910af381ef", // coiffeur
        "http://data.europa.eu/esco/occupation/13da27aa-ca6a-476d-ab2c-efc9e5bd97b2", // vendeur en boutique de vêtements
        "http://data.europa.eu/esco/occupation/87d0795a-d41f-47ee-979f-0ab7d73836e7", // aide-soignant
        "http://data.europa.eu/esco/occupation/8d3e8aaa-791b-4c75-a465-f3f827028f50", // infirmier de soins généraux
        "http://data.europa.eu/esco/occupation/5589e8e0-48d9-4193-8c85-86ba9f17e0e9", // couturier
        "http://data.europa.eu/esco/occupation/7d4266b3-2108-4330-b27b-430a96012c21", // opérateur de machine à coudre
        "http://data.europa.eu/esco/occupation/c9191f7f-28b5-4df8-991d-804c53009b83", // ouvrier agricole
        "http://data.europa.eu/esco/occupation/d3e32e5e-7f24-48e3-b939-e4f800eb62fb", // responsable des ressources humaines
    ];

    private static readonly Lazy<SkillGraph> Small = new(() => SkillGraph.FromEsco(EscoClassification.Shared,
        CommonOccupations.ToHashSet(StringComparer.Ordinal).Contains, maxOptional: 12));

    private static readonly Lazy<SkillGraph> Full = new(() => SkillGraph.FromEsco(EscoClassification.Shared));

    /// <summary>The 26 common occupations.</summary>
    public static SkillGraph Graph => Small.Value;

    /// <summary>Every ESCO occupation with all its skills.</summary>
    public static SkillGraph FullGraph => Full.Value;
}
