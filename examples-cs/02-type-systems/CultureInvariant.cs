// Card: CultureInfo.CurrentCulture vs Python's locale-free f-strings - pin InvariantCulture in C#; float() and f-strings never read LANG
using System.Globalization;

#region core
// As on a German PC (LANG=de_DE.UTF-8): ToString, Parse and $"..." without a culture follow de-DE
CultureInfo.CurrentCulture = new CultureInfo("de-DE");
var inv = CultureInfo.InvariantCulture;
double price = 1234.5;
var day = new DateTime(2024, 3, 1);
// $"{price:N2}" alone would print 1.234,50: string.Create pins one culture for the whole string
Console.WriteLine(string.Create(inv, $"{price:N2} | {day:yyyy-MM-dd} | {price}"));
Console.WriteLine((double.Parse("2.5", inv) * 3).ToString(inv)); // double.Parse("2.5") alone gives 25 here
foreach (var text in new[] { "2.5", "2,5", "1,234.5" })
{
    // NumberStyles.Float is as strict as float(); the default styles read "2,5" as 25, even invariant
    if (double.TryParse(text, NumberStyles.Float, inv, out var value))
        Console.WriteLine($"{text} -> {value.ToString(inv)}");
    else
        Console.WriteLine($"{text} -> not a number");
}
#endregion
