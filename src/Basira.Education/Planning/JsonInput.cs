using System.Globalization;
using System.Text;
using System.Text.Json;
using Basira.Governance;

namespace Basira.Education.Planning;

/// <summary>
/// A JSON document read for validation: every value is reached through a <see cref="JsonInput.Node"/> that knows its
/// path (<c>$.cycles[0].promotion[1]</c>) and line, so that a refusal names both
/// (<see cref="DataInputException"/>: file, line, field = the JSON path, problem).
/// </summary>
internal sealed class JsonInput
{
    private readonly Dictionary<string, int> _lines;

    private JsonInput(string? source, JsonElement root, Dictionary<string, int> lines)
    {
        Source = source;
        _lines = lines;
        Root = new Node(this, root, "$");
    }

    public string? Source { get; }

    public Node Root { get; }

    /// <summary>Parses <paramref name="utf8"/> (a BOM is skipped); broken JSON or a repeated property is refused with its line.</summary>
    public static (JsonInput Input, JsonDocument Document) Parse(ReadOnlyMemory<byte> utf8, string? source)
    {
        var bytes = utf8.Span.StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            throw new DataInputException(source, ex.LineNumber + 1, ex.Path is { Length: > 0 } p ? p : null, $"not valid JSON: {reason}");
        }
        return (new JsonInput(source, doc.RootElement, LineMap(bytes.Span)), doc);
    }

    /// <summary>The path of a member: <c>.name</c>, or <c>['MA-CAS']</c> for a key that is not an identifier.</summary>
    public static string Member(string parent, string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')
            ? $"{parent}.{name}"
            : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public DataInputException Error(string path, string problem) =>
        new(Source, _lines.TryGetValue(path, out var line) ? line : null, path, problem);

    /// <summary>Line (1-based) of every value's path, from a token walk with the same path rules as <see cref="Node"/>.</summary>
    private static Dictionary<string, int> LineMap(ReadOnlySpan<byte> json)
    {
        var newlines = new List<long>();
        for (var i = 0; i < json.Length; i++) if (json[i] == (byte)'\n') newlines.Add(i);
        int LineOf(long offset)
        {
            var idx = newlines.BinarySearch(offset);
            return (idx < 0 ? ~idx : idx) + 1;
        }
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var stack = new Stack<Frame>();
        string? property = null;
        while (reader.Read())
        {
            var line = LineOf(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = Member(stack.Peek().Path, reader.GetString() ?? "");
                    map.TryAdd(property, line);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                default:
                    string path;
                    if (stack.Count == 0) path = "$";
                    else if (stack.Peek().Array) path = $"{stack.Peek().Path}[{stack.Peek().Index++}]";
                    else path = property ?? "$";
                    map.TryAdd(path, line);
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        stack.Push(new Frame(reader.TokenType == JsonTokenType.StartArray, path));
                    break;
            }
        }
        return map;
    }

    private sealed class Frame(bool array, string path)
    {
        public bool Array { get; } = array;
        public string Path { get; } = path;
        public int Index { get; set; }
    }

    /// <summary>A value of the document with its path.</summary>
    public readonly struct Node(JsonInput input, JsonElement element, string path)
    {
        public string Path { get; } = path;

        public JsonElement Element { get; } = element;

        public DataInputException Error(string problem) => input.Error(Path, problem);

        /// <summary>Checks that the value is an object with no member outside <paramref name="allowed"/>.</summary>
        public Node Object(params string[] allowed)
        {
            if (Element.ValueKind != JsonValueKind.Object) throw Error($"expects an object, got {Kind(Element)}");
            foreach (var p in Element.EnumerateObject())
                if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                    throw input.Error(Member(Path, p.Name), $"unknown field '{p.Name}'; expected one of: {string.Join(", ", allowed)}");
            return this;
        }

        /// <summary>The member, or null when it is absent or JSON null.</summary>
        public Node? Get(string name) =>
            Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? new Node(input, v, Member(Path, name)) : null;

        public bool Has(string name) => Get(name) is not null;

        public Node Required(string name) => Get(name) ?? throw Error($"missing field '{name}'");

        public IReadOnlyList<Node> Items(int? min = null)
        {
            if (Element.ValueKind != JsonValueKind.Array) throw Error($"expects an array, got {Kind(Element)}");
            var list = new List<Node>();
            var i = 0;
            foreach (var item in Element.EnumerateArray()) list.Add(new Node(input, item, $"{Path}[{i++}]"));
            if (min is { } m && list.Count < m) throw Error(m == 1 ? "expects a non-empty array" : $"expects at least {m} items, got {list.Count}");
            return list;
        }

        /// <summary>(key, value) pairs of an object.</summary>
        public IEnumerable<(string Key, Node Value)> Members()
        {
            if (Element.ValueKind != JsonValueKind.Object) throw Error($"expects an object, got {Kind(Element)}");
            var list = new List<(string, Node)>();
            foreach (var p in Element.EnumerateObject()) list.Add((p.Name, new Node(input, p.Value, Member(Path, p.Name))));
            return list;
        }

        public string String()
        {
            if (Element.ValueKind != JsonValueKind.String) throw Error($"expects a text, got {Kind(Element)}");
            var s = Element.GetString()!.Trim();
            return s.Length > 0 ? s : throw Error("expects a non-empty text");
        }

        public decimal Number()
        {
            if (Element.ValueKind != JsonValueKind.Number) throw Error($"expects a number, got {Kind(Element)}");
            return Element.TryGetDecimal(out var d) ? d : throw Error($"the number {Element.GetRawText()} is out of range");
        }

        public int Int()
        {
            if (Element.ValueKind != JsonValueKind.Number) throw Error($"expects a whole number, got {Kind(Element)}");
            return Element.TryGetInt32(out var i) ? i : throw Error($"expects a whole number, got {Element.GetRawText()}");
        }

        /// <summary>A count: a number ≥ 0 (pupils, teachers, classrooms; fractional values allowed, as projections produce them).</summary>
        public decimal Count()
        {
            var v = Number();
            return v >= 0 ? v : throw Error($"a count cannot be negative, got {Format(v)}");
        }

        /// <summary>A rate in [0, 1].</summary>
        public decimal Rate()
        {
            var v = Number();
            return v is >= 0 and <= 1 ? v : throw Error($"a rate must be in [0, 1], got {Format(v)}");
        }

        public decimal Positive()
        {
            var v = Number();
            return v > 0 ? v : throw Error($"expects a number above 0, got {Format(v)}");
        }

        /// <summary>An array of exactly <paramref name="length"/> values read by <paramref name="read"/>.</summary>
        public decimal[] Array(int length, Func<Node, decimal> read, string what)
        {
            var items = Items();
            if (items.Count != length) throw Error($"expects {length} values ({what}), got {items.Count}");
            return [.. items.Select(read)];
        }
    }

    public static string Format(decimal v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };
}
