using Basira.Governance.Models;
using Basira.Governance.Register;
using Basira.Governance.Storage;

namespace Basira.Governance.Tests.Kernel;

/// <summary>TRANSPARENCY.md §1b: the register speaks the language asked, model-card sentences included, for old models too.</summary>
public sealed class RegisterLanguageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-register-").FullName;
    private readonly BasiraDatabase _db;
    private readonly Kernel _k;

    public RegisterLanguageTests()
    {
        _db = BasiraDatabase.Open(null, _dir);
        _k = new Kernel(_db);
    }

    public void Dispose()
    {
        _db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private static AlgorithmDescriptor Descriptor() => TestDescriptor.Create() with
    {
        Learners = new Dictionary<string, LocalizedText> { ["trees"] = new("arbres", "أشجار", "trees") },
        TrainingDataTemplate = new("{file} : {training_rows} lignes, graine {seed}", "{file}: {training_rows} سطرا، البذرة {seed}", "{file}: {training_rows} rows, seed {seed}"),
        PerformanceProtocolTemplate = new("{holdout_rows} lignes mises de côté", "{holdout_rows} سطرا محجوزة", "{holdout_rows} rows held out"),
    };

    private AlgorithmRegister Register(AlgorithmDescriptor a) => new(new AlgorithmCatalog([a]), _k.Models, _k.Clock);

    [Fact]
    public void Model_card_sentences_are_phrased_in_the_language_asked_from_the_stored_parts()
    {
        var a = Descriptor();
        _k.Models.Register(a.Algorithm, "v1", new string('a', 64), "/m", _k.Clock.GetUtcNow(), new ModelFacts
        {
            Learner = "trees (stored)", LearnerCode = "trees", Trees = 10, LeavesPerTree = 4, Features = ["absence_days"], TrainingRows = 800,
            TrainingData = "stored", TrainingFile = "historic.csv", SplitSeed = 42, HoldoutRows = 200,
            Performance = new Dictionary<string, double?> { ["roc_auc"] = 0.8 }, PerformanceProtocol = "stored", Threshold = 0.3,
        }, "test");
        var register = Register(a);

        var ar = register.Entry(a, "ar");
        Assert.Equal("historic.csv: 800 سطرا، البذرة 42", ar["training_data"]!.GetValue<string>());
        Assert.Equal("200 سطرا محجوزة", ar["performance"]!["protocol"]!.GetValue<string>());
        Assert.Equal("أشجار", ar["methods_and_models"]!["learner"]!.GetValue<string>());
        Assert.Equal("historic.csv : 800 lignes, graine 42", register.Entry(a, "fr")["model_card"]!["training_data"]!.GetValue<string>());
        Assert.Equal("200 rows held out", register.Entry(a, "en")["model_card"]!["evaluation_data"]!.GetValue<string>());
        Assert.Equal("الهيئة", ar["organization"]!.GetValue<string>());
        Assert.Equal("المملكة المغربية — منصة بصيرة", register.Build("ar")["organization"]!.GetValue<string>());
    }

    [Fact]
    public void Facts_stored_before_the_parts_existed_still_load_and_show_their_stored_sentences()
    {
        var a = Descriptor();
        // A model registered by an earlier version: its card has none of the parts the templates need.
        const string oldCard = """
            {"learner":"LightGBM gradient-boosted trees (ML.NET 5.0.1), calibrated","trees":400,"leavesPerTree":15,"features":["absence_days"],
             "trainingRows":960,"trainingData":"historic.csv: previous cohort with known outcomes, 960 pupils (80 % stratified, seed 42)",
             "performance":{"roc_auc":0.81,"holdout_rows":240},"performanceProtocol":"20 % stratified hold-out of the training cohort (seed 42), 240 pupils",
             "threshold":0.3,"hyperParameters":{"leaves":"15"}}
            """;
        using (var c = _db.OpenConnection())
            c.Execute(null, """
                INSERT INTO models (id, algorithm, version, content_hash, path, trained_at, status, card_json)
                VALUES (@id, @a, 'v0', @h, '/m', @t, 'in_use', @card)
                """, ("@id", a.Algorithm + "@v0"), ("@a", a.Algorithm), ("@h", new string('b', 64)), ("@t", Sql.Iso(_k.Clock.GetUtcNow())), ("@card", oldCard));

        var m = _k.Models.InUse(a.Algorithm)!;
        Assert.Null(m.Facts.LearnerCode);
        Assert.Null(m.Facts.TrainingFile);
        var fr = Register(a).Entry(a, "fr");
        Assert.Equal("historic.csv: previous cohort with known outcomes, 960 pupils (80 % stratified, seed 42)", fr["training_data"]!.GetValue<string>());
        Assert.Equal("20 % stratified hold-out of the training cohort (seed 42), 240 pupils", fr["performance"]!["protocol"]!.GetValue<string>());
        Assert.Equal("LightGBM gradient-boosted trees (ML.NET 5.0.1), calibrated", fr["methods_and_models"]!["learner"]!.GetValue<string>());
        Assert.Equal(400, fr["methods_and_models"]!["trees"]!.GetValue<int>());
    }
}
