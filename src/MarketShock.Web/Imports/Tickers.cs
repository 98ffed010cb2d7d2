using System.Text.RegularExpressions;

namespace MarketShock.Imports;

internal static partial class Tickers
{
    /// <summary>Tickers end up in URLs and HTML, so only these characters are accepted.</summary>
    [GeneratedRegex(@"^[A-Z0-9.\-^=]{1,15}$")]
    private static partial Regex ValidTicker();

    public static bool IsValid(string ticker) => ValidTicker().IsMatch(ticker);

    /// <summary>Upper case, without Stooq's market suffix: nvda.us is NVDA.</summary>
    public static string Normalise(string ticker)
    {
        var normal = ticker.Trim().ToUpperInvariant();
        return normal.EndsWith(".US", StringComparison.Ordinal) && normal.Length > 3 ? normal[..^3] : normal;
    }

    /// <summary>NVDA.csv → NVDA, nvda.us.txt → NVDA; the file name stands in for a ticker column.</summary>
    public static string FromFileName(string fileName) => Normalise(Path.GetFileNameWithoutExtension(fileName));
}
