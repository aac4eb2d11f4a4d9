// Card: if/else if/&&/?: vs if/elif/and/x if c else y - and empty values are falsy in Python
#region core
static string Classify(int n)
{
    if (n < 0)
        return "negative";
    else if (n == 0)
        return "zero";
    else if (n is >= 1 and <= 9)
        return "small";
    else
        return "large";
}

foreach (var n in new[] { -5, 0, 7, 42 })
{
    var parity = n % 2 == 0 ? "even" : "odd";
    Console.WriteLine($"{n}: {Classify(n)}, {parity}");
}

string name = "";
List<string> tags = [];
if (name.Length == 0 && tags.Count == 0)   // a condition must be a bool
    Console.WriteLine("no name and no tags");
#endregion
