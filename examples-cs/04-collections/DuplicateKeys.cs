// Card: ToDictionary throws on a duplicate key, a dict comprehension keeps the last value - decide which one you want
static string Show(IDictionary<string, int> d) => string.Join(", ", d.Select(kv => $"{kv.Key}={kv.Value}"));

#region core
(string Name, int Qty)[] pairs = [("apple", 3), ("pear", 5), ("apple", 7)];

var last = new Dictionary<string, int>();
foreach (var (name, qty) in pairs)
    last[name] = qty;                          // the indexer overwrites; Add would throw
var lastLinq = pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Qty);
Console.WriteLine($"{Show(last)} {Show(lastLinq)}");

var first = new Dictionary<string, int>();
foreach (var (name, qty) in pairs)
    first.TryAdd(name, qty);                   // keep the first
Console.WriteLine(Show(first));

var totals = pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Sum(p => p.Qty));
Console.WriteLine(Show(totals));

try
{
    pairs.ToDictionary(p => p.Name, p => p.Qty);
}
catch (ArgumentException)                      // "An item with the same key has already been added. Key: apple"
{
    Console.WriteLine("duplicate key rejected");
}
#endregion
