// Card: format strings F2/N0/P1/X vs .2f/,/.1%/x - similar specs, different spellings and defaults
double price = 1234.56, ratio = 0.125;
int count = 1234567, flags = 42;
#region core
Console.WriteLine($"{7 / 2.0} {10 / 2.0:F1} {10 / 2}");     // 10 / 2.0 alone prints "5"
Console.WriteLine($"{price:F2}|{price:N2}|{price,10:F1}|");
Console.WriteLine($"{count:N0}|{count:D9}|");
Console.WriteLine($"{ratio:0.0%}|{flags:x}|{255:X}|{flags:B8}|"); // P1 would give "12.5 %"
Console.WriteLine($"{price:0.000e+00}|{1e16:0e+00}|");            // e3 would give "1.235e+003"
#endregion
