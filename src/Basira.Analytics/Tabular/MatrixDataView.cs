using Microsoft.ML;
using Microsoft.ML.Data;

namespace Basira.Analytics.Tabular;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over rows of a <see cref="FeatureMatrix"/> (all of them, or a subset by index) with
/// boolean labels: columns "Features" (vector of Single) and "Label" (Boolean). Its cursor copies each row into the
/// trainer's reused buffer, so a trainer streams millions of rows without one object per row.
/// </summary>
internal sealed class MatrixDataView : IDataView
{
    private readonly FeatureMatrix _x;
    private readonly bool[]? _y;
    private readonly int[]? _rows;

    /// <param name="x">Features.</param>
    /// <param name="y">Label of every row of <paramref name="x"/> (indexed like <paramref name="x"/>), or null (all false).</param>
    /// <param name="rows">Rows of <paramref name="x"/> the view holds, in order; null = all.</param>
    public MatrixDataView(FeatureMatrix x, bool[]? y, int[]? rows = null)
    {
        if (y is not null && y.Length != x.Rows) throw new ArgumentException($"{y.Length} labels for {x.Rows} rows", nameof(y));
        _x = x;
        _y = y;
        _rows = rows;
        var b = new DataViewSchema.Builder();
        b.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, x.Columns));
        b.AddColumn("Label", BooleanDataViewType.Instance);
        Schema = b.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows?.Length ?? _x.Rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(MatrixDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;
        private readonly long _count = view.GetRowCount()!.Value;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        private int Source => view._rows is { } rows ? rows[_position] : (int)_position;

        public override bool MoveNext()
        {
            if (_position + 1 >= _count)
            {
                _position = _count;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == 0)
            {
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> dst) =>
                {
                    var m = view._x.Columns;
                    var editor = VBufferEditor.Create(ref dst, m);
                    view._x.Data.AsSpan(Source * m, m).CopyTo(editor.Values);
                    dst = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }
            ValueGetter<bool> label = (ref bool dst) => dst = view._y is { } y && y[Source];
            return (ValueGetter<TValue>)(Delegate)label;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId dst) => dst = new DataViewRowId((ulong)_position, 0);
    }
}
