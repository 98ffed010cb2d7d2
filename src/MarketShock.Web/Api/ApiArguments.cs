using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketShock.Api;

/// <summary>
/// Reads an endpoint's query and route values, collecting a message per bad one. Values are bound as
/// strings and read here because the framework's own binding failures answer 400 without saying which
/// parameter was wrong.
/// </summary>
internal sealed class ApiArguments
{
    private readonly Dictionary<string, string[]> errors = [];

    public const string DateFormat = "yyyy-MM-dd";

    public DateOnly? Date(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        return Fail<DateOnly?>(name, $"'{value}' is not a date in the form {DateFormat}.");
    }

    public decimal? NonNegativeNumber(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number) && number >= 0)
            return number;
        return Fail<decimal?>(name, $"'{value}' is not a number of zero or more (digits, an optional '.' and exponent: 1e9).");
    }

    public int Whole(string name, string? value, int defaultValue, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return defaultValue;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        return Fail<int>(name, $"'{value}' is not a whole number from {min} to {max}.");
    }

    public T OneOf<T>(string name, string? value, IReadOnlyDictionary<string, T> choices, T defaultValue)
    {
        if (string.IsNullOrEmpty(value))
            return defaultValue;
        if (choices.TryGetValue(value.ToLowerInvariant(), out var choice))
            return choice;
        return Fail<T>(name, $"'{value}' is not one of: {string.Join(", ", choices.Keys)}.");
    }

    public void Check(bool valid, string name, string message)
    {
        if (!valid)
            Fail<bool>(name, message);
    }

    /// <summary>A 400 problem naming every bad parameter, or null when all were good.</summary>
    public ValidationProblem? Problem => errors.Count == 0
        ? null
        : TypedResults.ValidationProblem(errors, detail: $"Check the parameter{(errors.Count > 1 ? "s" : "")} {string.Join(", ", errors.Keys)}.",
            title: "The request has bad parameters.");

    private T Fail<T>(string name, string message)
    {
        errors[name] = [message];
        return default!;
    }
}
