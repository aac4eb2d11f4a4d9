// Card: double/decimal vs float/Decimal - same IEEE double; build a Decimal from a string, never from a float
#region core
double total = 0.1 + 0.2;
Console.WriteLine($"{total} {total == 0.3}");
Console.WriteLine(Math.Abs(total - 0.3) <= 1e-9 * Math.Max(Math.Abs(total), 0.3));
Console.WriteLine(0.1m + 0.2m);
Console.WriteLine(1.10m * 3);
Console.WriteLine(1m / 3);                     // rounded to 28-29 significant digits
Console.WriteLine(0.1.ToString("F55"));        // the double's exact binary value
Console.WriteLine((decimal)0.1);               // the cast rounds to 0.1
#endregion
