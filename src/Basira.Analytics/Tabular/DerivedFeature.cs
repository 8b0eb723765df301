using System.Text;
using Basira.Governance;

namespace Basira.Analytics.Tabular;

/// <summary>Binary operator of a <see cref="DerivedFeature"/>.</summary>
public enum DerivedOperator
{
    /// <summary>Left / Right (division by 0 → NaN).</summary>
    Divide,

    /// <summary>Left − Right.</summary>
    Subtract,

    /// <summary>Left + Right.</summary>
    Add,

    /// <summary>Left × Right.</summary>
    Multiply,
}

/// <summary>
/// A numeric feature computed from two numeric columns, e.g. <c>approval_1st=[Curricular units 1st sem (approved)] /
/// [Curricular units 1st sem (enrolled)]</c>. It is stored in the model metadata (on its <see cref="FeatureSpec"/>) and
/// recomputed when rows are encoded; a missing operand or a division by 0 gives NaN (missing).
/// </summary>
/// <param name="Name">Feature name (must not be a column of the data).</param>
/// <param name="Left">Left operand column.</param>
/// <param name="Operator">Operator.</param>
/// <param name="Right">Right operand column.</param>
public sealed record DerivedFeature(string Name, string Left, DerivedOperator Operator, string Right)
{
    /// <summary>Value for the given operand values (NaN = missing).</summary>
    public double Evaluate(double left, double right)
    {
        if (double.IsNaN(left) || double.IsNaN(right)) return double.NaN;
        var v = Operator switch
        {
            DerivedOperator.Divide => right == 0 ? double.NaN : left / right,
            DerivedOperator.Subtract => left - right,
            DerivedOperator.Add => left + right,
            DerivedOperator.Multiply => left * right,
            _ => double.NaN,
        };
        return double.IsFinite(v) ? v : double.NaN;
    }

    /// <summary>Value from a column lookup (column name → value, NaN = missing).</summary>
    public double Evaluate(Func<string, double> column) => Evaluate(column(Left), column(Right));

    /// <summary>The expression as written, with bracketed operands: <c>NAME=[A] / [B]</c>.</summary>
    public override string ToString() =>
        $"{Name}=[{Left}] {Operator switch { DerivedOperator.Divide => "/", DerivedOperator.Subtract => "-", DerivedOperator.Add => "+", _ => "*" }} [{Right}]";

    /// <summary>
    /// Parses one or more definitions separated by ';' (outside brackets): <c>NAME=A op B</c> with op one of
    /// <c>/ - + *</c>; a column name holding spaces, parentheses or operator characters is written in [brackets].
    /// </summary>
    /// <exception cref="ArgumentException">Malformed definition (message names it).</exception>
    public static IReadOnlyList<DerivedFeature> ParseMany(string text)
    {
        var list = new List<DerivedFeature>();
        var depth = 0;
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '[') depth++;
            else if (c == ']') depth = Math.Max(0, depth - 1);
            if (c == ';' && depth == 0)
            {
                if (sb.ToString().Trim().Length > 0) list.Add(Parse(sb.ToString()));
                sb.Clear();
                continue;
            }
            sb.Append(c);
        }
        if (sb.ToString().Trim().Length > 0) list.Add(Parse(sb.ToString()));
        return list;
    }

    /// <summary>Parses one definition <c>NAME=A op B</c>.</summary>
    /// <exception cref="ArgumentException">Malformed definition.</exception>
    public static DerivedFeature Parse(string definition)
    {
        var eq = definition.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"derived feature '{definition.Trim()}': expected NAME=A op B");
        var name = Unbracket(definition[..eq].Trim());
        var expr = definition[(eq + 1)..];
        var i = 0;
        var left = Operand(expr, ref i, definition);
        while (i < expr.Length && char.IsWhiteSpace(expr[i])) i++;
        if (i >= expr.Length) throw new ArgumentException($"derived feature '{definition.Trim()}': missing operator (/ - + *)");
        var op = expr[i] switch
        {
            '/' => DerivedOperator.Divide,
            '-' => DerivedOperator.Subtract,
            '+' => DerivedOperator.Add,
            '*' => DerivedOperator.Multiply,
            var c => throw new ArgumentException($"derived feature '{definition.Trim()}': unknown operator '{c}' (use / - + *)"),
        };
        i++;
        var right = Operand(expr, ref i, definition);
        if (expr[i..].Trim().Length > 0)
            throw new ArgumentException($"derived feature '{definition.Trim()}': unexpected '{expr[i..].Trim()}' after the second operand");
        if (name.Length == 0) throw new ArgumentException($"derived feature '{definition.Trim()}': empty name");
        return new DerivedFeature(name, left, op, right);
    }

    /// <summary>Checks operands against a table: both must be numeric columns and the name must be new.</summary>
    /// <exception cref="DataInputException">Missing or non-numeric operand, or name clash.</exception>
    public void Validate(TabularTable table)
    {
        if (table.HasColumn(Name))
            throw new DataInputException(table.Source, 1, Name, $"derived feature '{Name}' has the name of a data column");
        foreach (var c in new[] { Left, Right })
        {
            if (!table.HasColumn(c)) throw new DataInputException(table.Source, 1, c, $"derived feature '{Name}': column '{c}' is missing");
            if (table[c].Kind != ColumnKind.Numeric)
                throw new DataInputException(table.Source, 1, c, $"derived feature '{Name}': column '{c}' is not numeric");
        }
    }

    private static string Operand(string expr, ref int i, string definition)
    {
        while (i < expr.Length && char.IsWhiteSpace(expr[i])) i++;
        if (i >= expr.Length) throw new ArgumentException($"derived feature '{definition.Trim()}': missing operand");
        if (expr[i] == '[')
        {
            var end = expr.IndexOf(']', i + 1);
            if (end < 0) throw new ArgumentException($"derived feature '{definition.Trim()}': unclosed '['");
            var s = expr[(i + 1)..end].Trim();
            i = end + 1;
            if (s.Length == 0) throw new ArgumentException($"derived feature '{definition.Trim()}': empty operand");
            return s;
        }
        var start = i;
        while (i < expr.Length && !char.IsWhiteSpace(expr[i]) && expr[i] is not ('/' or '+' or '*') && !(expr[i] == '-' && i > start)) i++;
        var name = expr[start..i];
        if (name.Length == 0) throw new ArgumentException($"derived feature '{definition.Trim()}': missing operand");
        return name;
    }

    private static string Unbracket(string s) => s.Length >= 2 && s[0] == '[' && s[^1] == ']' ? s[1..^1].Trim() : s;
}
