using Microsoft.AspNetCore.Identity;

namespace MarketShock.Admin;

/// <summary>
/// A password's rules (OWASP ASVS 5.0, V6.2): at least <see cref="Minimum"/> and at most <see cref="Maximum"/> characters, any
/// characters, and no rule of composition (Identity's own defaults, a digit, an upper-case letter and a symbol, are turned off
/// in <see cref="Data.DataServices"/>): a long phrase of plain words is a good password.
/// </summary>
internal sealed class PasswordLength : IPasswordValidator<IdentityUser>
{
    public const int Minimum = 12, Maximum = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password) =>
        Task.FromResult(password is { Length: > Maximum }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords must be at most {Maximum} characters." })
            : IdentityResult.Success);
}
