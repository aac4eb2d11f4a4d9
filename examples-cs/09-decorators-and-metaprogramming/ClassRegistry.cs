// Card: a class-decorator registry vs attribute scanning - Python registers when the class statement runs, C# finds attributes by reflection
using System.Reflection;

#region usage
var exporters = Assembly.GetExecutingAssembly().GetTypes()
    .Select(t => (Type: t, Attr: t.GetCustomAttribute<ExporterAttribute>()))
    .Where(x => x.Attr is not null)
    .ToDictionary(x => x.Attr!.Format, x => x.Type);

foreach (var (fmt, type) in exporters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
{
    var instance = (IExporter)Activator.CreateInstance(type)!;
    Console.WriteLine($"{fmt}: {type.Name} -> {instance.Export(["a", "b"])}");
}
#endregion

#region core
[AttributeUsage(AttributeTargets.Class)]
sealed class ExporterAttribute(string format) : Attribute
{
    public string Format { get; } = format;
}

interface IExporter
{
    string Export(IReadOnlyList<string> cells);
}

[Exporter("csv")]
sealed class CsvExporter : IExporter
{
    public string Export(IReadOnlyList<string> cells) => string.Join(",", cells);
}

[Exporter("md")]
sealed class MarkdownExporter : IExporter
{
    public string Export(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells) + " |";
}
#endregion

[Exporter("html")]
sealed class HtmlExporter : IExporter
{
    public string Export(IReadOnlyList<string> cells) => string.Concat(cells.Select(c => $"<td>{c}</td>"));
}

sealed class DraftExporter : IExporter // no attribute: never found
{
    public string Export(IReadOnlyList<string> cells) => "";
}
