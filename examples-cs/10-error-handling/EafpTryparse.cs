// Card: EAFP vs TryParse - Python has no int.TryParse: call int() and catch ValueError (and beware: int("1_000") is 1000)
#region core
foreach (string text in new[] { "42", " 7 ", "-3", "4.5", "abc" })
{
    string shown = int.TryParse(text, out int n) ? n.ToString() : "invalid";
    Console.WriteLine($"'{text}' -> {shown}");
}
#endregion

#region lookup
var stock = new Dictionary<string, int> { ["apple"] = 3 };
foreach (string item in new[] { "apple", "pear" })
{
    if (stock.TryGetValue(item, out int count))
        Console.WriteLine($"{item}: {count}");
    else
        Console.WriteLine($"{item}: out of stock");
}
#endregion
