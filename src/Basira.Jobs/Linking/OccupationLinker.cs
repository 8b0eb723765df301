using Basira.Governance;
using Basira.Jobs.Esco;

namespace Basira.Jobs.Linking;

/// <summary>One candidate occupation of a title.</summary>
/// <param name="Uri">ESCO concept URI.</param>
/// <param name="Label">Its preferred label in the requested language.</param>
/// <param name="Score">The linker's score (higher is better; comparable between candidates of one title).</param>
public sealed record LinkCandidate(string Uri, string Label, double Score);

/// <summary>A title and its candidates, best first.</summary>
/// <param name="Title">The title as given.</param>
/// <param name="Cleaned">The title the linker read (offer noise removed).</param>
public sealed record LinkResult(string Title, string Cleaned, IReadOnlyList<LinkCandidate> Candidates);

/// <summary>
/// Job-title normalisation against the ESCO occupations shipped with Basira, fully local: a free-text title in French,
/// English or Arabic, possibly as written in an offer ("Comptable H/F | Rabat (Maroc)"), → ranked ESCO occupations.
/// </summary>
/// <remarks>Built once (about a second) and shared; thread-safe.</remarks>
public sealed class OccupationLinker
{
    private static readonly Lazy<OccupationLinker> Lazy = new(() => new OccupationLinker(EscoClassification.Shared), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly EscoClassification esco;
    private readonly TitleLinker linker;

    public OccupationLinker(EscoClassification esco, LinkerOptions? options = null)
    {
        this.esco = esco;
        linker = new TitleLinker(OccupationTargets.All(esco), options ?? TitleLinker.DefaultOptions);
    }

    /// <summary>The linker over the embedded ESCO classification, built on first use.</summary>
    public static OccupationLinker Shared => Lazy.Value;

    /// <summary>Largest number of candidates a caller may ask for.</summary>
    public const int MaxTop = 100;

    /// <summary>Longest title accepted, in characters.</summary>
    public const int MaxTitleLength = 500;

    /// <summary>
    /// The <paramref name="top"/> best occupations for <paramref name="title"/>. An empty title, one longer than
    /// <see cref="MaxTitleLength"/>, or a <paramref name="top"/> outside 1..<see cref="MaxTop"/> is bad input; a
    /// title with no word the classification knows gets no candidate.
    /// </summary>
    public LinkResult Link(string title, int top = 5, string lang = "fr")
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DataInputException(null, null, "title", "empty title");
        if (title.Length > MaxTitleLength) throw new DataInputException(null, null, "title", $"title longer than {MaxTitleLength} characters");
        if (top < 1 || top > MaxTop) throw new DataInputException(null, null, "top", $"top must be between 1 and {MaxTop}, got {top}");
        var cleaned = OfferTitle.Clean(title);
        var ranked = cleaned.Length == 0 ? [] : linker.Rank(OfferTitle.Spellings(cleaned), top);
        return new LinkResult(title, cleaned, [.. ranked.Select(r =>
            new LinkCandidate(r.Target.Key, esco.Occupation(r.Target.Key)!.Label(lang), Math.Round(r.Score, 4)))]);
    }
}
