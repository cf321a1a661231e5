using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PairwiseLoss.Benchmarks;

/// <summary>
/// How many score elements one operation touches: <c>Rows × C</c> (the <c>C</c> parameter) or <c>Rows × Columns</c>.
/// Drives the "ns/elem" column.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ElementsAttribute : Attribute
{
    public ElementsAttribute(int rows, int columns = 0)
    {
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }

    /// <summary>Fixed column count; 0 means "the value of the parameter named C".</summary>
    public int Columns { get; }

    public static long? Count(BenchmarkCase benchmark)
    {
        var attribute = (ElementsAttribute?)Attribute.GetCustomAttribute(benchmark.Descriptor.Type, typeof(ElementsAttribute));
        if (attribute is null)
        {
            return null;
        }

        if (attribute.Columns > 0)
        {
            return (long)attribute.Rows * attribute.Columns;
        }

        var c = benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "C");
        return c?.Value is int classes ? (long)attribute.Rows * classes : null;
    }
}

/// <summary>Median time per operation divided by the elements it touches ("ns per element, median").</summary>
public sealed class NsPerElementColumn : IColumn
{
    public string Id => nameof(NsPerElementColumn);
    public string ColumnName => "ns/elem (median)";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median time per operation / (rows × classes) score elements, in ns";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        var elements = ElementsAttribute.Count(benchmarkCase);
        if (median is null || elements is null or 0)
        {
            return "-";
        }

        double value = median.Value / elements.Value;
        return value >= 100 ? value.ToString("N0") : value >= 1 ? value.ToString("N2") : value.ToString("N3");
    }
}

/// <summary>Median of this row divided by the median of <paramref name="method"/> with the same parameters (same table).</summary>
public sealed class RatioToMethodColumn : IColumn
{
    private readonly string method;
    private readonly string header;

    public RatioToMethodColumn(string method, string header)
    {
        this.method = method;
        this.header = header;
    }

    public string Id => nameof(RatioToMethodColumn) + "." + method;
    public string ColumnName => header;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Median time / median time of {method} with the same parameters";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == method);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == method
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo
            && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        var mine = summary[benchmarkCase]?.ResultStatistics?.Median;
        var theirs = reference is null ? null : summary[reference]?.ResultStatistics?.Median;
        if (mine is null || theirs is null or 0)
        {
            return "-";
        }

        double ratio = mine.Value / theirs.Value;
        return ratio >= 100 ? ratio.ToString("N0") : ratio >= 10 ? ratio.ToString("N1") : ratio >= 0.1 ? ratio.ToString("N2") : ratio.ToString("N4");
    }
}
