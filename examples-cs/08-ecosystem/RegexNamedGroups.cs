// Card: re vs Regex - named groups are (?P<name>...) and re.match only matches at the start
using System.Text.RegularExpressions;

#region core
var log = new Regex(@"(?<level>[A-Z]+) \[(?<module>\w+)\] (?<msg>.*)");

foreach (string line in new[] { "INFO [db] connected", "  WARN [http] slow reply", "oops" })
{
    if (log.Match(line) is { Success: true } m)
        Console.WriteLine($"{m.Groups["level"].Value,-5}{m.Groups["module"].Value,5}: {m.Groups["msg"].Value}");
    else
        Console.WriteLine($"no match: {line}");
}

string indented = "  WARN [http] slow reply";
var atStart = new Regex(@"^" + log); // Regex.Match searches anywhere, like re.search
Console.WriteLine($"{atStart.IsMatch(indented)} {log.IsMatch(indented)}");
#endregion

#region sub
string dates = "due 2024-03-15, paid 2024-04-02";
Console.WriteLine(Regex.Replace(dates, @"(?<y>\d{4})-(?<m>\d\d)-(?<d>\d\d)", "${d}/${m}/${y}"));
Console.WriteLine(string.Join(", ", Regex.Matches(dates, @"\d{4}-\d\d").Select(m => m.Value)));
#endregion
