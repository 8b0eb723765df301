using Basira.Education.Learning.Tracing;
using Basira.Governance;

namespace Basira.Education.Tests.Learning;

public class KnowledgeTracingTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Learning", "Fixtures", name);

    private static AnswerLog Parse(string text, KtVocabulary? vocabulary = null) =>
        AnswerLogReader.Read(new StringReader(text), "answers.csv", vocabulary ?? new KtVocabulary());

    [Fact]
    public void Csv_layout_is_read_in_answer_order_with_several_skills_per_item()
    {
        var log = Parse("user_id,item_id,skill_id,correct,timestamp\np1,i1,a,1,10\np2,i2,a+b,0,5\np1,i2,a+b,0,11\n");
        Assert.Equal("csv", log.Layout);
        Assert.Equal(3, log.Count);
        Assert.Equal(2, log.PupilCount);
        Assert.Equal([0, 1, 0], log.Pupil);
        Assert.Equal(2, log.SkillsOf(1).Length);
        Assert.Equal([true, false, false], log.Correct);
        Assert.True(log.HasTime);
    }

    [Fact]
    public void Gervet_layout_is_told_apart_by_its_tab_separated_header()
    {
        var log = Parse("user_id\titem_id\ttimestamp\tcorrect\tskill_id\n0\t12\t0\t1\t7\n0\t13\t0\t0\t7\n");
        Assert.Equal("gervet2020", log.Layout);
        Assert.False(log.HasTime);
        Assert.Equal(2, log.Count);
    }

    [Theory]
    [InlineData("user_id,item_id,skill_id,correct,score\np,i,s,1,3\n", 1, "score", "unknown column")]
    [InlineData("user_id,item_id,correct\np,i,1\n", 1, "skill_id", "missing column")]
    [InlineData("user_id,item_id,skill_id,correct\np,i,s,1\np,i,s,0.5\n", 3, "correct", "must be 0 or 1, got '0.5'")]
    [InlineData("user_id,item_id,skill_id,correct\np,i,s,1\np,i,,0\n", 3, "skill_id", "missing skill")]
    [InlineData("user_id,item_id,skill_id,correct,timestamp\np,i,s,1,100\nq,i,s,1,50\np,i,s,0,99\n", 4, "timestamp", "out of order")]
    [InlineData("user_id,item_id,skill_id,correct\np,i,s\n", 2, null, "expected 4 fields, found 3")]
    public void Bad_answer_logs_name_the_line_and_the_field(string text, long line, string? field, string problem)
    {
        var ex = Assert.Throws<DataInputException>(() => Parse(text));
        Assert.Equal("answers.csv", ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_is_encoded_from_the_pupils_earlier_answers_only()
    {
        const string head = "user_id,item_id,skill_id,correct\n";
        const string body = "p,i1,a,1\nq,i1,a,0\np,i2,a,0\np,i1,a,1\n";
        var v1 = new KtVocabulary();
        var v2 = new KtVocabulary();
        var a = Parse(head + body + "p,i2,a,1\n", v1);
        var b = Parse(head + body + "p,i2,a,0\n", v2); // the last answer differs
        var layout = new KtLayout(v1.Items.Count, v1.Skills.Count, v1.Combos.Count, new KtFeatureOptions());
        var ra = KtRows.Encode(layout, a);
        var rb = KtRows.Encode(layout, b);
        Assert.Equal(ra.Start, rb.Start);
        Assert.Equal(ra.Index, rb.Index);
        Assert.Equal(ra.Value, rb.Value);
        // q's answer sees nothing of p: same features as p's first answer but the one-hots of item and skill
        Assert.Equal(ra.Index[ra.Start[0]..ra.Start[1]], ra.Index[ra.Start[1]..ra.Start[2]]);
        Assert.NotEqual(ra.Index[ra.Start[0]..ra.Start[1]], ra.Index[ra.Start[3]..ra.Start[4]]);
    }

    [Fact]
    public void Evaluation_on_the_synthetic_fixture_beats_chance_and_the_item_only_model()
    {
        var full = KtEvaluation.Run(Fixture("answers_train.csv"), Fixture("answers_test.csv"), new KtFeatureOptions(), new KtTrainOptions());
        var item = KtEvaluation.Run(Fixture("answers_train.csv"), Fixture("answers_test.csv"), KtFeatureOptions.ItemOnly, new KtTrainOptions());
        Assert.Equal(2452, full.RowsTrain);
        Assert.Equal(649, full.RowsTest);
        Assert.Equal("csv", full.Layout);
        Assert.InRange(full.Auc, 0.70, 1.0);
        Assert.True(full.Auc > item.Auc + 0.02, $"full {full.Auc:F4} vs item only {item.Auc:F4}");
        Assert.InRange(full.Rmse, 0.3, 0.48);
    }

    [Fact]
    public void Online_update_then_prediction_equals_the_batch_encoding()
    {
        var vocabulary = new KtVocabulary();
        var log = AnswerLogReader.Read(Fixture("answers_train.csv"), vocabulary);
        var layout = new KtLayout(vocabulary.Items.Count, vocabulary.Skills.Count, vocabulary.Combos.Count, new KtFeatureOptions());
        var rows = KtRows.Encode(layout, log);
        var model = KtModel.Train(layout, rows, new KtTrainOptions());
        var batch = model.Margins(rows);
        var states = new Dictionary<int, PupilState>();
        for (var r = 0; r < log.Count; r++)
        {
            if (!states.TryGetValue(log.Pupil[r], out var st)) states[log.Pupil[r]] = st = new PupilState();
            var p = model.Predict(st, log.Item[r], log.Combo[r], log.SkillsOf(r), log.Timestamp[r]);
            Assert.Equal(KtModel.Sigmoid(batch[r]), p, 1e-9);
            st.Update(log.Item[r], log.SkillsOf(r), log.Correct[r], log.Timestamp[r], layout.Options.DecayFactor);
        }
    }

    [Fact]
    public void The_stack_predicts_every_test_answer_with_a_probability_and_stays_near_the_logistic_model()
    {
        var logistic = KtEvaluation.Run(Fixture("answers_train.csv"), Fixture("answers_test.csv"), new KtFeatureOptions(), new KtTrainOptions());
        var stack = KtEvaluation.Run(Fixture("answers_train.csv"), Fixture("answers_test.csv"), new KtFeatureOptions(), new KtTrainOptions(), stack: true);
        Assert.Equal("logistic+lightgbm stack", stack.Model);
        Assert.Equal(649, stack.RowsTest);
        Assert.InRange(stack.Auc, logistic.Auc - 0.05, 1.0);
        Assert.InRange(stack.Rmse, 0.3, 0.5);
    }
}
