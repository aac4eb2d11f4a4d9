// Card: Dictionary<K,V> vs dict - d[key] raises KeyError (KeyNotFoundException); .get() is GetValueOrDefault/TryGetValue
var stock = new Dictionary<string, int> { ["pears"] = 3, ["apples"] = 5 };

#region core
stock["figs"] = 0;
stock["pears"] += 1;
foreach (var (name, count) in stock)  // insertion order here is an implementation detail
    Console.WriteLine($"{name}: {count}");

Console.WriteLine(stock.GetValueOrDefault("kiwis", 0));
if (stock.TryGetValue("apples", out var n))
    Console.WriteLine($"apples: {n}");
Console.WriteLine(stock.ContainsKey("figs"));
var key = "kiwis";
try
{
    Console.WriteLine(stock[key]);
}
catch (KeyNotFoundException)
{
    Console.WriteLine($"missing key: {key}");
}
#endregion

Console.WriteLine($"{stock.Count} {string.Join(", ", stock.Keys.Order(StringComparer.Ordinal))}");
