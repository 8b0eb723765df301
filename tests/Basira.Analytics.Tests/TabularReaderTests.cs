using System.Globalization;
using System.Text;
using Basira.Analytics.Tabular;
using Basira.Governance;

namespace Basira.Analytics.Tests;

public class TabularReaderTests
{
    [Fact]
    public void Reads_bom_semicolon_and_trims_header_names_including_tabs()
    {
        using var d = new TempDir();
        var p = d.File("a.csv", "Age;\"Daytime/evening attendance\t\";Target\n19;1;Dropout\n20;0;Graduate\n", bom: true);
        var t = TabularReader.Read(p);
        Assert.Equal(';', t.Delimiter);
        Assert.Equal(["Age", "Daytime/evening attendance", "Target"], t.Columns.Select(c => c.Name));
        Assert.Equal(2, t.RowCount);
        Assert.Equal(ColumnKind.Numeric, t["Age"].Kind);
        Assert.Equal(ColumnKind.Categorical, t["Target"].Kind);
        Assert.Equal(20, t["Age"].Numeric![1]);
        Assert.Equal([2L, 3L], t.Lines);
    }

    [Theory]
    [InlineData(',')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Detects_other_delimiters_and_quoted_fields(char sep)
    {
        var s = sep.ToString();
        var text = $"name{s}score{s}note\n\"Ben{s} A\"{s}1.5{s}\"say \"\"hi\"\"\"\nAli{s}NA{s}x\n";
        var t = TabularReader.ReadCsvText(text, "mem.csv");
        Assert.Equal(sep, t.Delimiter);
        Assert.Equal($"Ben{s} A", t["name"].Raw[0]);
        Assert.Equal("say \"hi\"", t["note"].Raw[0]);
        Assert.Equal(ColumnKind.Numeric, t["score"].Kind);
        Assert.True(double.IsNaN(t["score"].Numeric![1]));
    }

    [Fact]
    public void Decimal_comma_is_accepted_with_semicolon_when_unambiguous()
    {
        var t = TabularReader.ReadCsvText("a;b;c\n1,5;2;x\n-0,25;3;y\n", "m.csv");
        Assert.Equal(ColumnKind.Numeric, t["a"].Kind);
        Assert.Equal(-0.25, t["a"].Numeric![1]);
    }

    [Fact]
    public void Ragged_row_is_quarantined_with_its_line_and_counted()
    {
        var t = TabularReader.ReadCsvText("a,b,c\n1,2,3\n4,5\n6,7,8\n", "r.csv");
        Assert.Equal(2, t.RowCount);
        var q = Assert.Single(t.Quarantined);
        Assert.Equal(3, q.Line);
        Assert.Equal(1, q.DataRow);
        Assert.Contains("ragged", q.Reason);
        Assert.Equal(3, t.RowsIn);
        Assert.Equal([0, 2], t.DataRows);
    }

    [Fact]
    public void Ragged_row_fails_in_strict_mode_naming_the_line()
    {
        var ex = Assert.Throws<DataInputException>(() =>
            TabularReader.ReadCsvText("a,b,c\n1,2,3\n4,5\n", "r.csv", new TabularReadOptions { Strict = true }));
        Assert.Equal(3, ex.Line);
        Assert.Equal("r.csv", ex.File);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        using var d = new TempDir();
        var p = d.File("e.csv", "");
        var ex = Assert.Throws<DataInputException>(() => TabularReader.Read(p));
        Assert.Contains("empty", ex.Message);
        Assert.Equal(p, ex.File);
        Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("\uFEFF\n\n", "b.csv"));
    }

    [Fact]
    public void Missing_required_column_is_named()
    {
        var ex = Assert.Throws<DataInputException>(() =>
            TabularReader.ReadCsvText("a,b\n1,2\n", "m.csv", new TabularReadOptions { RequiredColumns = ["a", "Target"] }));
        Assert.Equal("Target", ex.Field);
        Assert.Contains("'Target'", ex.Message);
    }

    [Fact]
    public void Non_numeric_value_in_declared_numeric_column_names_line_and_field()
    {
        const string text = "id,score\n1,2.5\n2,abc\n3,4\n";
        var ex = Assert.Throws<DataInputException>(() =>
            TabularReader.ReadCsvText(text, "n.csv", new TabularReadOptions { NumericColumns = ["score"], Strict = true }));
        Assert.Equal(3, ex.Line);
        Assert.Equal("score", ex.Field);
        Assert.Contains("n.csv, line 3, field 'score'", ex.Message);

        var t = TabularReader.ReadCsvText(text, "n.csv", new TabularReadOptions { NumericColumns = ["score"] });
        Assert.Equal(2, t.RowCount);
        Assert.Equal(3, Assert.Single(t.Quarantined).Line);
        Assert.Equal(ColumnKind.Numeric, t["score"].Kind);
    }

    [Fact]
    public void Typo_in_a_mostly_numeric_column_is_a_row_error_not_a_categorical_column()
    {
        var sb = new StringBuilder("id,absences,school,outcome\n");
        for (var i = 0; i < 60; i++) sb.Append(CultureInfo.InvariantCulture, $"P{i},{i % 9},{(i % 2 == 0 ? "north" : "south")},{(i % 3 == 0 ? "yes" : "no")}\n");
        sb.Append("P60,three,north,no\n"); // file line 62
        var text = sb.ToString();
        var ex = Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText(text, "t.csv", new TabularReadOptions { Strict = true }));
        Assert.Equal(62, ex.Line);
        Assert.Equal("absences", ex.Field);
        Assert.Contains("three", ex.Message);

        var t = TabularReader.ReadCsvText(text, "t.csv");
        Assert.Equal(ColumnKind.Numeric, t["absences"].Kind);
        Assert.Equal(ColumnKind.Categorical, t["school"].Kind);
        Assert.Equal(ColumnKind.Categorical, t["id"].Kind);
        Assert.Equal(60, t.RowCount);
        var q = Assert.Single(t.Quarantined);
        Assert.Equal(62, q.Line);
        Assert.Equal("absences", q.Field);

        // declared text columns (ids, coded categories) keep their text values
        var kept = TabularReader.ReadCsvText(text, "t.csv", new TabularReadOptions { TextColumns = ["absences"], Strict = true });
        Assert.Equal(ColumnKind.Categorical, kept["absences"].Kind);
    }

    [Theory]
    [InlineData(8, 1)]   // fewer than 10 numbers: too little evidence, stays categorical
    [InlineData(20, 4)]  // 80 % numbers: genuinely mixed, stays categorical
    public void Mixed_columns_below_the_typo_rule_stay_categorical(int numbers, int texts)
    {
        var sb = new StringBuilder("code,y\n");
        for (var i = 0; i < numbers; i++) sb.Append(CultureInfo.InvariantCulture, $"{i},a\n");
        for (var i = 0; i < texts; i++) sb.Append(CultureInfo.InvariantCulture, $"X{i},b\n");
        var t = TabularReader.ReadCsvText(sb.ToString(), "m.csv", new TabularReadOptions { Strict = true });
        Assert.Equal(ColumnKind.Categorical, t["code"].Kind);
        Assert.Empty(t.Quarantined);
    }

    [Fact]
    public void Structural_errors_duplicate_missing_header_wrong_delimiter_unknown_positive()
    {
        Assert.Equal("a", Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("a,b,a\n1,2,3\n", "d.csv")).Field);
        Assert.Contains("missing header", Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("1,2\n3,4\n", "h.csv")).Message);
        Assert.Contains("wrong delimiter", Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("a:b:c\n1:2:3\n", "w.csv")).Message);
        var ex = Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("x,Target\n1,A\n2,B\n", "p.csv",
            new TabularReadOptions { TargetColumn = "Target", PositiveValue = "C" }));
        Assert.Equal("Target", ex.Field);
        Assert.Contains("unknown positive value 'C'", ex.Message);
    }

    [Fact]
    public void Reads_first_sheet_of_xlsx()
    {
        using var d = new TempDir();
        var p = System.IO.Path.Combine(d.Path, "s.xlsx");
        var rows = new List<Dictionary<string, object>>
        {
            new() { ["age "] = 19, ["course"] = "Info", ["Target"] = "Dropout" },
            new() { ["age "] = 21.5, ["course"] = "Math", ["Target"] = "Graduate" },
        };
        MiniExcelLibs.MiniExcel.SaveAs(p, rows);
        var t = TabularReader.Read(p);
        Assert.Equal(["age", "course", "Target"], t.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Numeric, t["age"].Kind);
        Assert.Equal(21.5, t["age"].Numeric![1]);
        Assert.Equal("Math", t["course"].Raw[1]);
    }

    [Fact]
    public void A_latin1_file_is_bad_input_naming_the_line_and_column_never_decoded_with_replacement_characters()
    {
        using var d = new TempDir();
        var header = System.IO.Path.Combine(d.Path, "header.csv");
        File.WriteAllBytes(header, Encoding.Latin1.GetBytes("id,m\u00e9dium,y\n1,2,a\n3,4,b\n"));
        var h = Assert.Throws<DataInputException>(() => TabularReader.Read(header));
        Assert.Equal(header, h.File);
        Assert.Equal(1, h.Line);
        Assert.Contains("not UTF-8", h.Message);
        Assert.Contains("save the file as UTF-8", h.Message);

        var value = System.IO.Path.Combine(d.Path, "value.csv");
        File.WriteAllBytes(value, Encoding.Latin1.GetBytes("id,city,y\n1,Rabat,a\n2,F\u00e8s,b\n"));
        var v = Assert.Throws<DataInputException>(() => TabularReader.Read(value));
        Assert.Equal(3, v.Line);
        Assert.Equal("city", v.Field);
        Assert.Contains("E8", v.Message);
    }

    [Fact]
    public void Utf8_with_or_without_bom_and_utf16_with_bom_still_read()
    {
        using var d = new TempDir();
        const string text = "id,ville,y\n1,F\u00e8s,a\n2,T\u00e9touan,b\n";
        foreach (var (name, encoding) in new (string, Encoding)[] { ("u8.csv", new UTF8Encoding(false)), ("u8bom.csv", new UTF8Encoding(true)), ("u16.csv", Encoding.Unicode) })
        {
            var p = System.IO.Path.Combine(d.Path, name);
            File.WriteAllText(p, text, encoding);
            var t = TabularReader.Read(p);
            Assert.Equal(["id", "ville", "y"], t.Columns.Select(c => c.Name));
            Assert.Equal("T\u00e9touan", t["ville"].Raw[1]);
        }
    }

    [Fact]
    public void An_unterminated_quote_is_reported_with_the_line_where_it_opened()
    {
        var ex = Assert.Throws<DataInputException>(() =>
            TabularReader.ReadCsvText("a,b,c\n1,2,3\n4,\"five,6\n7,8,9\n10,11,12\n", "q.csv", new TabularReadOptions { Strict = true }));
        Assert.Equal(3, ex.Line);
        Assert.Equal("b", ex.Field);
        Assert.Contains("unterminated quoted field", ex.Message);
        Assert.DoesNotContain("ragged", ex.Message);

        // not only in strict mode: the quote swallows the rest of the file, so there is no row to quarantine
        var lax = Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("a,b,c\n1,2,3\n4,5,\"six\n", "q.csv"));
        Assert.Equal(3, lax.Line);
        Assert.Equal("c", lax.Field);

        var inHeader = Assert.Throws<DataInputException>(() => TabularReader.ReadCsvText("a,\"b,c\n1,2,3\n", "h.csv"));
        Assert.Equal(1, inHeader.Line);
        Assert.Contains("unterminated quoted field", inHeader.Message);

        // a quoted field with a newline inside that is closed stays valid
        var ok = TabularReader.ReadCsvText("a,b,c\n1,\"two\nlines\",3\n4,5,6\n", "ok.csv");
        Assert.Equal("two\nlines", ok["b"].Raw[0]);
    }
}
