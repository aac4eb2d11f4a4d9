// Card: int.Parse/TryParse/ToString vs int()/str() - "a" + 1 is an error in Python, and bool("False") is True
#region core
Console.WriteLine($"{int.Parse("42") + 1} {"42" + 1}");   // C# + converts 1 to "1"
Console.WriteLine($"{int.Parse(" -17 ")} {Convert.ToInt32("ff", 16)} {double.Parse("2.5") + 1} {(int)3.99}");

foreach (var text in new[] { "12", "3.5", "abc" })
{
    if (int.TryParse(text, out var value))
        Console.WriteLine($"'{text}' -> {value}");
    else
        Console.WriteLine($"'{text}' -> not an int");
}

Console.WriteLine($"{!string.IsNullOrEmpty("False")} {!string.IsNullOrEmpty("")}");
Console.WriteLine(bool.Parse("False"));
#endregion
