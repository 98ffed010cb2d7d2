using System.Globalization;
using System.Numerics;

namespace MarketShock.Market;

/// <summary>
/// A PostgreSQL <c>numeric</c> in C#, with its display scale and the results PostgreSQL gives, digit for digit: sums and
/// products exact, a quotient at the scale PostgreSQL picks for it, rounded half away from zero. A first load computes the
/// figures with it as it reads the file (<see cref="SeriesFigures"/>), and they must equal those that
/// <c>write_figures.sql</c> computes for later imports and for a full recomputation.
/// </summary>
/// <param name="Unscaled">The value times 10^<paramref name="Scale"/>.</param>
/// <param name="Scale">The display scale (dscale): digits after the point, trailing zeros included.</param>
internal readonly record struct PgNumeric(BigInteger Unscaled, int Scale) : IComparable<PgNumeric>
{
    // numeric.c: NUMERIC_MIN_SIG_DIGITS, DEC_DIGITS (decimal digits per base-10000 digit) and NUMERIC_MAX_DISPLAY_SCALE.
    private const int MinSignificantDigits = 16, DecimalDigits = 4, MaxDisplayScale = 1000;

    private static readonly BigInteger[] Powers = [.. Enumerable.Range(0, 64).Select(n => BigInteger.Pow(10, n))];

    public static readonly PgNumeric Zero = new(BigInteger.Zero, 0);
    public static readonly PgNumeric One = new(BigInteger.One, 0);

    public int Sign => Unscaled.Sign;

    /// <summary>A decimal as PostgreSQL reads it from text: its scale is the decimal's own (1.50 has two digits).</summary>
    public static PgNumeric FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var unscaled = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return new(bits[3] < 0 ? -unscaled : unscaled, (bits[3] >> 16) & 0xFF);
    }

    /// <summary>A value as a <c>numeric(p, scale)</c> column stores it: rounded half away from zero, then padded to the scale.</summary>
    public static PgNumeric FromDecimal(decimal value, int scale) =>
        FromDecimal(Math.Round(value, scale, MidpointRounding.AwayFromZero)).WithScale(scale);

    public static PgNumeric FromInteger(long value) => new(value, 0);

    /// <summary>A whole value as bigint (an OverflowException beyond its range, where PostgreSQL says "bigint out of range").</summary>
    public long ToInt64() => (long)Round(0).Unscaled;

    /// <summary>The value as a decimal, for one within decimal's 28 digits (a price at 6 decimals).</summary>
    public decimal ToDecimal() => decimal.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static PgNumeric Parse(string text) => FromDecimal(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>The same value at a scale at least this one's (round(x, s) of PostgreSQL for s ≥ the scale).</summary>
    public PgNumeric WithScale(int scale) =>
        scale == Scale ? this : scale > Scale ? new(Unscaled * Pow10(scale - Scale), scale) : Round(scale);

    /// <summary>round(x, scale): half away from zero.</summary>
    public PgNumeric Round(int scale)
    {
        if (scale >= Scale)
            return WithScale(scale);
        return new(DivideRounded(Unscaled, Pow10(Scale - scale)), scale);
    }

    public static PgNumeric operator +(PgNumeric a, PgNumeric b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new(a.WithScale(scale).Unscaled + b.WithScale(scale).Unscaled, scale);
    }

    public static PgNumeric operator -(PgNumeric a, PgNumeric b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new(a.WithScale(scale).Unscaled - b.WithScale(scale).Unscaled, scale);
    }

    public static PgNumeric operator *(PgNumeric a, PgNumeric b) => new(a.Unscaled * b.Unscaled, a.Scale + b.Scale);

    /// <summary>a / b as numeric_div computes it: at the scale of select_div_scale, rounded half away from zero.</summary>
    public static PgNumeric operator /(PgNumeric a, PgNumeric b)
    {
        if (b.Unscaled.IsZero)
            throw new DivideByZeroException("division by zero");
        var scale = DivisionScale(a, b);
        // a / b = (Ua / 10^Sa) / (Ub / 10^Sb); at the result's scale: Ua × 10^(scale − Sa + Sb) / Ub, scale ≥ Sa.
        return new(DivideRounded(a.Unscaled * Pow10(scale - a.Scale + b.Scale), b.Unscaled), scale);
    }

    public PgNumeric Abs() => new(BigInteger.Abs(Unscaled), Scale);

    public int CompareTo(PgNumeric other)
    {
        var scale = Math.Max(Scale, other.Scale);
        return WithScale(scale).Unscaled.CompareTo(other.WithScale(scale).Unscaled);
    }

    public static bool operator <(PgNumeric a, PgNumeric b) => a.CompareTo(b) < 0;
    public static bool operator >(PgNumeric a, PgNumeric b) => a.CompareTo(b) > 0;
    public static bool operator <=(PgNumeric a, PgNumeric b) => a.CompareTo(b) <= 0;
    public static bool operator >=(PgNumeric a, PgNumeric b) => a.CompareTo(b) >= 0;

    /// <summary>Equal in value, whatever the scales (as numeric's = is).</summary>
    public bool ValueEquals(PgNumeric other) => CompareTo(other) == 0;

    /// <summary>x::float8: the nearest double, as PostgreSQL gives it (through the value's text, which strtod rounds to
    /// nearest): "digitsE-scale" through double's parser, which rounds to nearest too.</summary>
    public double ToDouble()
    {
        Span<char> text = stackalloc char[256];
        if (!Unscaled.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture) || length > text.Length - 8)
            return double.Parse($"{Unscaled}E-{Scale}", NumberStyles.Float, CultureInfo.InvariantCulture);
        text[length++] = 'E';
        (-Scale).TryFormat(text[length..], out var exponent, provider: CultureInfo.InvariantCulture);
        return double.Parse(text[..(length + exponent)], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public override string ToString()
    {
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        var text = Scale == 0 ? digits : $"{digits[..^Scale]}.{digits[^Scale..]}";
        return Unscaled.Sign < 0 ? "-" + text : text;
    }

    /// <summary>select_div_scale of numeric.c: at least 16 significant digits, and no fewer decimals than either operand.</summary>
    private static int DivisionScale(PgNumeric a, PgNumeric b)
    {
        var (weightA, firstA) = LeadingDigit(a);
        var (weightB, firstB) = LeadingDigit(b);
        // The quotient's weight; with equal first digits PostgreSQL assumes the dividend the smaller.
        var quotientWeight = weightA - weightB - (firstA <= firstB ? 1 : 0);
        var scale = MinSignificantDigits - quotientWeight * DecimalDigits;
        return Math.Min(Math.Max(scale, Math.Max(Math.Max(a.Scale, b.Scale), 0)), MaxDisplayScale);
    }

    /// <summary>The weight of the first nonzero base-10,000 digit, and that digit; (0, 0) for zero.</summary>
    private static (int Weight, int Digit) LeadingDigit(PgNumeric value)
    {
        if (value.Unscaled.IsZero)
            return (0, 0);
        var magnitude = BigInteger.Abs(value.Unscaled);
        // The leading decimal digit is worth 10^exponent; base-10,000 digits group the decimal ones from the point.
        var exponent = DigitCount(magnitude) - 1 - value.Scale;
        var weight = (int)Math.Floor(exponent / (double)DecimalDigits);
        var shift = value.Scale + weight * DecimalDigits; // the digit is magnitude / 10^shift, whole
        var digit = shift >= 0 ? magnitude / Pow10(shift) : magnitude * Pow10(-shift);
        return (weight, (int)digit);
    }

    /// <summary>How many decimal digits a positive integer has: from its bit length, then checked against a power of ten.</summary>
    private static int DigitCount(BigInteger magnitude)
    {
        var digits = (int)((magnitude.GetBitLength() - 1) * 0.30102999566398120) + 1; // never more than the count, at most one less
        return magnitude >= Pow10(digits) ? digits + 1 : digits;
    }

    /// <summary>n / d rounded half away from zero.</summary>
    private static BigInteger DivideRounded(BigInteger n, BigInteger d)
    {
        var quotient = BigInteger.DivRem(n, d, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= BigInteger.Abs(d))
            quotient += n.Sign * d.Sign;
        return quotient;
    }

    private static BigInteger Pow10(int n) => n < Powers.Length ? Powers[n] : BigInteger.Pow(10, n);
}
