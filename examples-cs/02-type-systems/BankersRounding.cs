// Card: Math.Round vs round() - both round half to even (round(2.5) == 2); ask for half-up explicitly
double[] values = [0.5, 1.5, 2.5, -2.5];
#region core
Console.WriteLine($"[{string.Join(", ", values.Select(v => Math.Round(v)))}]");
var away = values.Select(v => Math.Round(v, MidpointRounding.AwayFromZero));
Console.WriteLine($"[{string.Join(", ", away)}]");
Console.WriteLine($"{2.5:F0} {3.5:F0}");
Console.WriteLine($"{2.675:F2}");                 // Math.Round(2.675, 2) would give 2.68

decimal price = 2.665m;
Console.WriteLine(Math.Round(price, 2));          // default: half to even
Console.WriteLine(Math.Round(price, 2, MidpointRounding.AwayFromZero));
#endregion
