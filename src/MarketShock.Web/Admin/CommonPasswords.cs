using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace MarketShock.Admin;

/// <summary>
/// Refuses a password that is among the most common ones (OWASP ASVS 5.0, V6.2.4), whatever its letters' case: attackers try
/// those first. The list (<c>CommonPasswords.txt</c>, from zxcvbn) holds only those long enough to pass <see cref="PasswordLength"/>.
/// </summary>
internal sealed class CommonPasswords : IPasswordValidator<IdentityUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password);

    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password) =>
        Task.FromResult(password is not null && Contains(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is one of the most common passwords, the first that attackers try: choose another.",
            })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Admin/CommonPasswords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
                passwords.Add(line);
        }
        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
