using System.Globalization;

namespace MarketShock.Imports;

/// <summary>What reading a number from a CSV field found.</summary>
internal enum NumberText { Number, NotANumber, OtherDigits, TooLarge, TooSmall, NotWhole }

/// <summary>
/// The one place numbers are read from CSV text: ASCII digits only, invariant culture, decimals exactly as written (never
/// through double, but for the float-noise repair of prices) and whole numbers as exact integers.
/// </summary>
internal static class CsvNumbers
{
    public const string OnlyAsciiDigits = "only the ASCII digits 0–9 are accepted";

    /// <summary>A decimal written as [sign]digits[.digits][e[sign]digits], as a decimal exactly as written.</summary>
    public static NumberText Decimal(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        if (Shape(text) is not NumberText.Number and var shape)
            return shape;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return NumberText.TooLarge; // the shape is a number: only its size can fail it
        if (value == 0 && text.IndexOfAnyInRange('1', '9') is var digit and >= 0 && digit < ExponentAt(text))
            return NumberText.TooSmall; // 1e-40: below decimal's 28 decimals
        return NumberText.Number;
    }

    /// <summary>A price: a decimal, with yfinance's float noise taken out (<see cref="WithoutFloatNoise"/>).</summary>
    public static NumberText Price(ReadOnlySpan<char> text, out decimal value)
    {
        var read = Decimal(text, out value);
        if (read == NumberText.Number)
            value = WithoutFloatNoise(text, value);
        return read;
    }

    /// <summary>A whole number: [+]digits, with a decimal part accepted only when it is all zeros ("333530240.0").</summary>
    public static NumberText Whole(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (Shape(text) is not NumberText.Number and var shape)
            return shape;
        if (text.StartsWith('+'))
            text = text[1..];
        var point = text.IndexOf('.');
        if (text.ContainsAny('e', 'E') || text.StartsWith('-') || (point >= 0 && text[(point + 1)..].ContainsAnyExcept('0')))
            return NumberText.NotWhole;
        var digits = point >= 0 ? text[..point] : text;
        if (digits.IsEmpty)
            return NumberText.NotWhole;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value) ? NumberText.Number : NumberText.TooLarge;
    }

    /// <summary>Whether the text holds a digit of another script (full-width, Arabic-Indic, Devanagari...).</summary>
    public static bool HasOtherDigits(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
            if (!rune.IsAscii && System.Text.Rune.IsDigit(rune))
                return true;
        return false;
    }

    private static NumberText Shape(ReadOnlySpan<char> text)
    {
        if (HasOtherDigits(text))
            return NumberText.OtherDigits;
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
            i++;
        var mantissa = Digits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            mantissa += Digits(text, ref i);
        }
        if (mantissa == 0)
            return NumberText.NotANumber;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
                i++;
            if (Digits(text, ref i) == 0)
                return NumberText.NotANumber;
        }
        return i == text.Length ? NumberText.Number : NumberText.NotANumber;
    }

    private static int Digits(ReadOnlySpan<char> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        return i - start;
    }

    private static int ExponentAt(ReadOnlySpan<char> text) => text.IndexOfAny('e', 'E') is var e and >= 0 ? e : text.Length;

    /// <summary>
    /// yfinance writes prices that were float32 as doubles (118.41999816894531 for 118.42). A value that
    /// is exactly a float32 and printed with more digits than one needs is read as that float's shortest form. A whole
    /// number is left as written: 274877906944.0 is a float32 too, whose shortest form 2.7487791E+11 would lose digits.
    /// </summary>
    private static decimal WithoutFloatNoise(ReadOnlySpan<char> text, decimal value)
    {
        if (text.Length < 12 || value == decimal.Truncate(value) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble))
            return value;
        var asFloat = (float)asDouble;
        return (double)asFloat == asDouble ? decimal.Parse(asFloat.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : value;
    }
}
