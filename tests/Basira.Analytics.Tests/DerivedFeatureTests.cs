using System.Globalization;
using System.Text;
using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;
using Basira.Governance;

namespace Basira.Analytics.Tests;

public class DerivedFeatureTests
{
    [Fact]
    public void Parses_bracketed_and_plain_operands_and_several_definitions()
    {
        var list = DerivedFeature.ParseMany("rate=[Units 1st sem (approved)] / [Units 1st sem (enrolled)]; diff = g2 - g1;sum=a+b;prod=a * b");
        Assert.Equal(4, list.Count);
        Assert.Equal(new DerivedFeature("rate", "Units 1st sem (approved)", DerivedOperator.Divide, "Units 1st sem (enrolled)"), list[0]);
        Assert.Equal(new DerivedFeature("diff", "g2", DerivedOperator.Subtract, "g1"), list[1]);
        Assert.Equal(DerivedOperator.Add, list[2].Operator);
        Assert.Equal(DerivedOperator.Multiply, list[3].Operator);
        Assert.Equal(list[0], DerivedFeature.Parse(list[0].ToString()));
        Assert.Throws<ArgumentException>(() => DerivedFeature.Parse("x=a % b"));
        Assert.Throws<ArgumentException>(() => DerivedFeature.Parse("x=[a / b"));
        Assert.Throws<ArgumentException>(() => DerivedFeature.Parse("a / b"));
        Assert.Throws<ArgumentException>(() => DerivedFeature.Parse("x=a / b c"));
    }

    [Fact]
    public void Division_by_zero_and_missing_operands_give_NaN()
    {
        var d = new DerivedFeature("r", "a", DerivedOperator.Divide, "b");
        Assert.Equal(0.5, d.Evaluate(1, 2));
        Assert.True(double.IsNaN(d.Evaluate(1, 0)));
        Assert.True(double.IsNaN(d.Evaluate(double.NaN, 2)));
        Assert.Equal(-1, new DerivedFeature("s", "a", DerivedOperator.Subtract, "b").Evaluate(1, 2));
    }

    [Fact]
    public void Derived_feature_is_one_model_feature_stored_in_the_model_and_recomputed_at_scoring()
    {
        // outcome depends on the ratio a/b only
        var rng = new Random(3);
        var sb = new StringBuilder("id,a,b,noise,outcome\n");
        for (var i = 0; i < 400; i++)
        {
            var b = rng.Next(0, 8);
            var a = b == 0 ? 0 : rng.Next(0, b + 1);
            var ratio = b == 0 ? 0.5 : a / (double)b;
            var yes = rng.NextDouble() < ratio;
            sb.Append(CultureInfo.InvariantCulture, $"{i},{a},{b},{rng.NextDouble():F3},{(yes ? "yes" : "no")}\n");
        }
        var table = TabularReader.ReadCsvText(sb.ToString(), "d.csv");
        var options = new TabularTrainOptions
        {
            Target = "outcome", Positive = "yes", IdColumn = "id", CalibrationFolds = 3,
            HyperParameters = new TabularHyperParameters { Iterations = 40, Leaves = 4, MinDataPerLeaf = 10, EnsembleSize = 1 },
            Derived = DerivedFeature.ParseMany("ratio=a / b"),
        };
        var model = TabularTrainer.Train(table, options);
        Assert.Equal(["a", "b", "noise", "ratio"], model.FeatureNames);
        Assert.Equal(["a", "b", "noise"], model.Schema.InputColumns);

        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "m.basira");
        model.Save(path);
        var loaded = TabularModel.Load(path);
        Assert.Equal(options.Derived[0], loaded.Schema.Features[3].Derivation);
        Assert.Null(loaded.Schema.Features[0].Derivation);

        var rows = TabularReader.ReadCsvText("id,a,b,noise\n1,3,4,0.1\n2,1,0,0.2\n", "s.csv");
        var x = loaded.FeatureMatrix(rows);
        Assert.Equal(0.75f, x[0][3]);
        Assert.True(float.IsNaN(x[1][3])); // 1 / 0 → missing

        var explainer = TabularExplainer.Create(loaded);
        Assert.Equal(loaded.FeatureNames, explainer.FeatureNames);
        var e = explainer.Explain(x[0]);
        Assert.Equal(4, e.Values.Length);
        Assert.Equal(e.Prediction, e.Baseline + e.Values.Sum(), 4);

        // a missing operand column is named
        var missing = TabularReader.ReadCsvText("id,a,noise\n1,3,0.1\n", "n.csv");
        Assert.Equal("b", Assert.Throws<DataInputException>(() => loaded.FeatureMatrix(missing)).Field);
        // an operand must be a numeric column
        var text = TabularReader.ReadCsvText("id,a,b,outcome\n1,x,2,yes\n2,y,3,no\n", "t.csv");
        Assert.Contains("not numeric", Assert.Throws<DataInputException>(() =>
            FeatureSchema.Build(text, "outcome", "id", [], [], derived: DerivedFeature.ParseMany("r=a/b"))).Message);
    }
}

public sealed class IdentifierColumnTests
{
    private static TabularTable Table(Func<int, string> id, int n = 60)
    {
        var sb = new System.Text.StringBuilder("code,x,outcome\n");
        for (var i = 0; i < n; i++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{id(i)},{i % 7},{(i % 3 == 0 ? "yes" : "no")}\n");
        return TabularReader.ReadCsvText(sb.ToString(), "ids.csv");
    }

    [Fact]
    public void A_text_column_unique_on_every_row_is_refused_as_a_feature_and_named()
    {
        var e = Assert.Throws<DataInputException>(() => FeatureSchema.Build(Table(i => $"SYN-{i:D5}"), "outcome", null, [], []));
        Assert.Equal("code", e.Field);
        Assert.Equal("ids.csv", e.File);
        Assert.Contains("--id-column", e.Message);
        // named as the id column, or dropped, it is fine
        Assert.Equal(["x"], FeatureSchema.Build(Table(i => $"SYN-{i:D5}"), "outcome", "code", [], []).Names);
        Assert.Equal(["x"], FeatureSchema.Build(Table(i => $"SYN-{i:D5}"), "outcome", null, ["code"], []).Names);
    }

    [Fact]
    public void Repeated_text_values_or_a_small_table_are_ordinary_categories()
    {
        Assert.Equal(["code", "x"], FeatureSchema.Build(Table(i => $"c{i % 40}"), "outcome", null, [], []).Names);
        Assert.Equal(["code", "x"], FeatureSchema.Build(Table(i => $"SYN-{i:D5}", FeatureSchema.IdentifierMinRows - 1), "outcome", null, [], []).Names);
    }
}
