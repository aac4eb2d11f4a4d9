// Card: datetime/timedelta vs DateTime/TimeSpan - weekday() starts at Monday=0 and timedelta has no .hours
using System.Globalization;

#region core
var start = new DateTime(2024, 2, 28, 22, 30, 0, DateTimeKind.Utc);
Console.WriteLine(start.ToString("yyyy-MM-dd HH:mm"));
Console.WriteLine(new DateTimeOffset(start).ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
Console.WriteLine($"{start.DayOfWeek} {((int)start.DayOfWeek + 6) % 7}"); // Sunday == 0

DateTime later = start + new TimeSpan(days: 1, hours: 3, minutes: 0, seconds: 0);
Console.WriteLine(later.ToString("dddd dd MMMM yyyy, HH:mm"));

TimeSpan gap = later - start;
Console.WriteLine($"{gap.Days}d {gap.Hours}h = {(int)gap.TotalSeconds} s");
#endregion

#region parse
var parsed = DateTime.ParseExact("15/03/2024 09:05", "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
Console.WriteLine($"{parsed.Year} {parsed.Month} {parsed.Day} {parsed.Minute} {parsed.Kind == DateTimeKind.Unspecified}");
Console.WriteLine($"{(new DateTime(2024, 12, 25) - parsed.Date).Days} days to go");
#endregion
