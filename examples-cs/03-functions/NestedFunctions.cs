// Card: local functions and closures vs nested def - rebinding an outer variable needs `nonlocal`
#region core
static Func<int> MakeCounter(int start = 0)
{
    int count = start;
    int Increment() => ++count;                // a local function captures count
    return Increment;
}

var counter = MakeCounter(10);
Console.WriteLine($"{counter()} {counter()} {counter()}");
var other = MakeCounter();
Console.WriteLine($"{other()} {counter()}");

static bool IsPalindrome(string text)
{
    static string Clean(string s) =>
        string.Concat(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    var cleaned = Clean(text);
    return cleaned.SequenceEqual(cleaned.Reverse());
}

Console.WriteLine($"{IsPalindrome("Never odd or even")} {IsPalindrome("Python")}");
#endregion
