// Card: csv.DictReader vs File.ReadLines + Split - every field arrives as a str, and csv.writer ends lines with \r\n
using System.Globalization;

#region core
var revenue = new Dictionary<string, decimal>();
string[] lines = File.ReadAllLines("sales.csv");
string[] header = lines[0].Split(',');
int region = Array.IndexOf(header, "region"), units = Array.IndexOf(header, "units"), price = Array.IndexOf(header, "price");

foreach (string line in lines.Skip(1))
{
    string[] f = line.Split(','); // breaks on quoted fields such as "Smith, Ada"
    decimal amount = int.Parse(f[units]) * decimal.Parse(f[price], CultureInfo.InvariantCulture);
    revenue[f[region]] = revenue.GetValueOrDefault(f[region]) + amount;
}

Console.WriteLine("region,revenue");
foreach (var (name, total) in revenue.OrderBy(kv => kv.Key, StringComparer.Ordinal))
    Console.WriteLine($"{name},{total:F2}");
#endregion
