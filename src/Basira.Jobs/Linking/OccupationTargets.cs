using Basira.Jobs.Esco;

namespace Basira.Jobs.Linking;

/// <summary>Turns ESCO occupations into <see cref="LinkTarget"/>s: labels, context (description, ISCO group) and skills.</summary>
public static class OccupationTargets
{
    /// <summary>Which parts of an occupation the linker reads.</summary>
    /// <param name="French">French preferred, alternative and hidden labels.</param>
    /// <param name="English">English labels (titles written in English, English loan words in French offers).</param>
    /// <param name="Arabic">The Arabic preferred label.</param>
    /// <param name="Description">The French description, as context.</param>
    /// <param name="Isco">The French label of the ISCO unit group, as context.</param>
    /// <param name="Skills">The French labels of the essential skills, as the weakest evidence.</param>
    public sealed record Parts(bool French = true, bool English = true, bool Arabic = true, bool Description = true, bool Isco = true, bool Skills = true)
    {
        public static readonly Parts All = new();
    }

    /// <summary>The target of one occupation (key: its URI).</summary>
    public static LinkTarget For(EscoClassification esco, EscoOccupation o, Parts parts)
    {
        // preferred labels first (they get the linker's preferred-label bonus), then the others
        var labels = new List<string>();
        if (parts.French) labels.Add(o.French.Preferred);
        if (parts.English && o.English.Preferred.Length > 0) labels.Add(o.English.Preferred);
        if (parts.Arabic && o.ArabicPreferred.Length > 0) labels.Add(o.ArabicPreferred);
        var preferred = labels.Count;
        if (parts.French) labels.AddRange(o.French.Alternative.Concat(o.French.Hidden));
        if (parts.English) labels.AddRange(o.English.Alternative.Concat(o.English.Hidden));
        var context = new List<string>();
        if (parts.Description) context.Add(o.DescriptionFr);
        if (parts.Isco && esco.IscoGroup(o.IscoGroup) is { } g) context.Add(g.French.Preferred);
        var skills = parts.Skills ? string.Join(" ", o.Essential.Select(k => esco.Skills[k].French.Preferred)) : "";
        return new LinkTarget(o.Uri, labels, string.Join(" ", context), true, skills, preferred);
    }

    /// <summary>The targets of every occupation of the classification, in its order.</summary>
    public static IReadOnlyList<LinkTarget> All(EscoClassification esco, Parts? parts = null) =>
        [.. esco.Occupations.Select(o => For(esco, o, parts ?? Parts.All))];
}
