using System.Globalization;
using System.Text;

namespace MarketShock.Tests.Imports;

/// <summary>One generated file: its name (a price file's ticker), its text and what was done to the valid file it came from.</summary>
public sealed record Variant(string Kind, string FileName, string Content, string Description, bool FileLevel);

/// <summary>
/// Malformed variants of small valid files of each kind, from a seeded generator: hostile values put in fields (numbers past
/// their column or rounding to zero, digits of other scripts, dates at the ends of the calendar, text with NUL, quotes, byte-order
/// marks) and damage to the file's shape (header typos, doubled byte-order marks, truncated lines, extra or missing fields,
/// CRLF mixes, stray quotes, NUL bytes inside or past the first 64 KB, repeated rows).
/// </summary>
public static class MalformedFiles
{
    private static readonly (string Kind, string FileName, string Text)[] Bases =
    [
        ("prices", "NVDA.csv", """
            Date,Open,High,Low,Close,Adj Close,Volume
            2025-01-21,139.16,141.83,137.09,140.83,140.8,197749000
            2025-01-22,144.66,147.79,143.67,147.07,147.04,237651400
            2025-01-23,145.05,147.23,143.72,147.22,147.19,155915500
            2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
            2025-01-27,124.8,128.4,116.7,118.42,118.4,818830900
            """),
        ("prices", "prices.csv", """
            Ticker,Date,Open,High,Low,Close,Adj Close,Volume
            AMD,2025-01-21,122.39,123.75,121.12,122.28,,31578800
            AMD,2025-01-22,123.08,125.65,121.91,123.75,,35023800
            AMD,2025-01-23,121.43,123.71,120.63,123.04,,24921100
            AMD,2025-01-24,124.55,125.25,122.23,122.84,,31570300
            """),
        ("shares", "shares.csv", """
            Ticker,Date,Shares
            NVDA,2024-08-23,24530000000
            NVDA,2024-11-15,24490000000
            AMD,2024-10-25,1620000000
            """),
        ("splits", "splits.csv", """
            Ticker,Date,Ratio
            AVGO,2024-07-15,10:1
            NFLX,2025-11-17,10-for-1
            C,2011-05-09,1:10
            """),
        ("companies", "companies.csv", """
            Ticker,Name,Sector,Industry,Exchange
            AMD,Advanced Micro Devices,Technology,Semiconductors,NASDAQ
            NVDA,NVIDIA Corporation,Technology,Semiconductors,NASDAQ
            """),
        ("events", "events.csv", """
            Ticker,Date,Label,Url
            NVDA,2025-01-27,DeepSeek R1 release,https://example.com/r1
            ,2025-01-27,Tech sell-off,
            """),
    ];

    /// <summary>The valid files, as the database holds them before the variants are tried.</summary>
    public static IEnumerable<(string FileName, string Content)> Valid() =>
        Bases.OrderBy(b => b.Kind switch { "companies" => 0, "prices" => 1, "shares" => 2, "splits" => 3, _ => 4 })
            .Select(b => (b.FileName, Normalise(b.Text)));

    private static readonly string[] Prices =
    [
        "0.0000004", "0.0000005", "0.000001", "9999999999999.9999996", "9999999999999.999999", "10000000000000", "1e40", "1e-40",
        "1.5e3", "-1", "0", "+120.5", "274877906944.0", "１２０.07", "١٢٠.٥", "१२०.५", "NaN", "Infinity", "1,5", ".5", "12.", "1e",
        "1.2.3", "$120.07", "0x1A", " 120.07", "1_000", "12345678901234567890123456789012345", "null", "",
    ];

    private static readonly string[] Wholes =
    [
        "274877906944.0", "274877906944.00", "274877906944.5", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "-5", "0", "1e9", "٣٩٠٣٧٢٩٠٠", "３９０", "१२३४", "+100", "100.", "1 000", "0x10", "00000000000000000000000000000042", "",
    ];

    private static readonly string[] Dates =
    [
        "0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01", "2024-02-29", "2023-02-29", "2025-02-30",
        "२०२५-०१-३१", "２０２５-０１-３１", "٢٠٢٥-٠١-٣١", "2025-1-3", "20250131", "2025-01-31T00:00:00", "2025-01-31 00:00:00-05:00",
        "2025-01-31 05:00:00+00:00", "2999-01-01", "-2025-01-01", "+002025-01-01", "",
    ];

    private static readonly string[] Ratios =
    [
        "10", "3:2", "1:10", "10000000000", "9999999999.99999999", "1:1000000000", "1:100000000", "1000000000000000000000000000000000000000:1",
        "10:0", "0:1", "0", "-2", "١٠:١", "１０", "2.5", "1e3", "10 for 1", "10/1", ":", "10:", "0.000000001", "0.000000005",
    ];

    private static readonly string[] Texts =
    [
        "", "\"Quoted, with a comma\"", "\"unterminated", "a\0b", "\uFEFFNVDA", "ＮＶＤＡ", new string('x', 141), new string('y', 201),
        "<script>alert(1)</script>", "\"\"\"\"", "=HYPERLINK(\"x\")", "nvda", " NVDA ", "NV DA", "TOOLONGTICKER12345",
        "javascript:alert(1)", "https://example.com/a?b=c", "ftp://example.com", "Ünïcödé 名前", "AMD",
    ];

    public static Variant Generate(Random random)
    {
        var (kind, fileName, text) = Bases[random.Next(Bases.Length)];
        var lines = Normalise(text).TrimEnd('\n').Split('\n').ToList();
        var done = new List<string>();
        var fileLevel = false;
        for (var n = random.Next(3); n > 0 || done.Count == 0 && random.Next(2) == 0; n--)
            done.Add(ReplaceField(random, lines));
        var content = string.Join('\n', lines) + "\n";
        if (done.Count == 0 || random.Next(3) == 0)
            (content, fileLevel) = Damage(random, kind, content, done);
        return new Variant(kind, fileName, content, $"{fileName}: {string.Join("; ", done)}", fileLevel);
    }

    private static string ReplaceField(Random random, List<string> lines)
    {
        var header = lines[0].Split(',');
        var line = 1 + random.Next(lines.Count - 1);
        var fields = lines[line].Split(',');
        var column = random.Next(Math.Min(header.Length, fields.Length));
        var pool = random.Next(5) == 0 ? Pick(random, [Prices, Wholes, Dates, Ratios, Texts]) : header[column].ToLowerInvariant() switch
        {
            "date" => Dates,
            "volume" or "shares" => Wholes,
            "ratio" => Ratios,
            "open" or "high" or "low" or "close" or "adj close" => Prices,
            _ => Texts,
        };
        fields[column] = Pick(random, pool);
        lines[line] = string.Join(',', fields);
        return $"line {line + 1} {header[column]} ← {Show(fields[column])}";
    }

    private static (string Content, bool FileLevel) Damage(Random random, string kind, string content, List<string> done)
    {
        var lines = content.TrimEnd('\n').Split('\n').ToList();
        string Joined() => string.Join('\n', lines) + "\n";
        var at = 1 + random.Next(lines.Count - 1);
        switch (random.Next(kind == "prices" ? 19 : 18))
        {
            case 0: done.Add("doubled byte-order mark"); return ("\uFEFF\uFEFF" + content, false);
            case 1: done.Add("byte-order mark"); return ("\uFEFF" + content, false);
            case 2: done.Add($"byte-order mark on line {at + 1}"); lines[at] = "\uFEFF" + lines[at]; return (Joined(), false);
            case 3:
                var header = lines[0].Split(',');
                var i = random.Next(header.Length);
                header[i] = Typo(random, header[i]);
                lines[0] = string.Join(',', header);
                done.Add($"header typo {Show(header[i])}");
                return (Joined(), false);
            case 4: done.Add("header in random case"); lines[0] = RandomCase(random, lines[0]); return (Joined(), false);
            case 5:
                lines[at] = lines[at][..random.Next(lines[at].Length)];
                done.Add($"line {at + 1} truncated");
                return (Joined(), false);
            case 6: done.Add("file truncated"); return (content[..random.Next(content.Length)], true);
            case 7: done.Add($"extra field on line {at + 1}"); lines[at] += ",extra"; return (Joined(), false);
            case 8:
                done.Add("extra column everywhere");
                return (string.Join('\n', lines.Select((l, n) => l + (n == 0 ? ",Note" : ",x"))) + "\n", false);
            case 9:
                done.Add($"last field of line {at + 1} missing");
                lines[at] = lines[at][..lines[at].LastIndexOf(',')];
                return (Joined(), false);
            case 10:
                done.Add("CRLF and LF mixed, a lone CR");
                return (string.Concat(lines.Select(l => l + random.Next(3) switch { 0 => "\r\n", 1 => "\n", _ => "\r" })), false);
            case 11:
                var fields = lines[at].Split(',');
                var f = random.Next(fields.Length);
                fields[f] = $"\"{fields[f]}\"";
                lines[at] = string.Join(',', fields);
                done.Add($"field {f + 1} of line {at + 1} quoted");
                return (Joined(), false);
            case 12:
                lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), "\"");
                done.Add($"stray quote on line {at + 1}");
                return (Joined(), false);
            case 13: done.Add($"line {at + 1} repeated"); lines.Insert(at, lines[at]); return (Joined(), false);
            case 14:
                lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), "\0");
                done.Add($"NUL on line {at + 1}");
                return (Joined(), false);
            case 15:
                done.Add("blank and whitespace lines");
                lines.Insert(at, random.Next(2) == 0 ? "" : "  \t");
                return (Joined(), false);
            case 16: done.Add($"semicolons on line {at + 1}"); lines[at] = lines[at].Replace(',', ';'); return (Joined(), false);
            case 17:
                done.Add(random.Next(2) == 0 ? "empty file" : "header only");
                return (done[^1] == "empty file" ? "" : lines[0] + "\n", true);
            default: return (PastFirst64KB(random, lines, done), false);
        }
    }

    /// <summary>A one-ticker price file grown past 64 KB with earlier valid days, with a NUL far into it.</summary>
    private static string PastFirst64KB(Random random, List<string> lines, List<string> done)
    {
        var text = new StringBuilder(lines[0]).Append('\n');
        var ticker = lines[0].StartsWith("Ticker", StringComparison.Ordinal) ? "AMD," : "";
        var day = new DateOnly(1990, 1, 1);
        for (var i = 0; text.Length < 70_000; i++)
            text.Append(ticker).Append(day.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(ticker.Length > 0 ? ",1,2,1,1.5,,100\n" : ",1,2,1,1.5,1.5,100\n");
        var line = lines[^1];
        var nul = line.Insert(random.Next(line.Length + 1), "\0");
        done.Add($"NUL on line {text.ToString().Count(c => c == '\n') + 1}, past the first 64 KB");
        return text.Append(string.Join('\n', lines.Skip(1).SkipLast(1))).Append('\n').Append(nul).Append('\n').ToString();
    }

    private static string Typo(Random random, string name)
    {
        if (name.Length < 2)
            return name + "x";
        var i = random.Next(name.Length - 1);
        return random.Next(3) switch
        {
            0 => string.Concat(name.AsSpan(0, i), name[i + 1].ToString(), name[i].ToString(), name.AsSpan(i + 2)),
            1 => name.Remove(i, 1),
            _ => name.Insert(i, "e"),
        };
    }

    private static string RandomCase(Random random, string text) =>
        string.Concat(text.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));

    private static string Pick(Random random, string[] pool) => pool[random.Next(pool.Length)];

    private static string[] Pick(Random random, string[][] pools) => pools[random.Next(pools.Length)];

    private static string Normalise(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    /// <summary>Text with its control characters, marks and non-ASCII characters escaped, to read in a failure message.</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder("'");
        foreach (var c in text.Length > 400 ? text[..200] + "…" + text[^200..] : text)
            shown.Append(c is < ' ' or '\uFEFF' ? $"\\u{(int)c:X4}" : c.ToString());
        return shown.Append('\'').ToString();
    }
}
