using Microsoft.AspNetCore.Identity;
using Serilog;

namespace MarketShock.Admin;

/// <summary>Admins are ordinary Identity users; there is no self-registration, only this and configuration.</summary>
internal static class AdminAccounts
{
    public static async Task<IdentityResult> CreateAsync(UserManager<IdentityUser> users, string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not null)
            return IdentityResult.Failed(new IdentityError { Code = "Exists", Description = $"An admin with the email {email} already exists." });
        return await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, password);
    }

    /// <summary>
    /// Sets a new password, checked by every password rule, and a new security stamp: each cookie issued before then is
    /// refused at its next check (<c>MarketShock:Admin:SessionCheckInterval</c>), so every session of the admin ends.
    /// </summary>
    public static async Task<IdentityResult> ChangePasswordAsync(UserManager<IdentityUser> users, string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
            return IdentityResult.Failed(new IdentityError { Code = "Unknown", Description = $"No admin has the email {email}." });
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        if (errors.Count > 0)
            return IdentityResult.Failed([.. errors]);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        // Saves the hash with the new stamp.
        return await users.UpdateSecurityStampAsync(user);
    }

    /// <summary>Creates the admin named in MarketShock:Admin:Email / :Password when it does not exist yet.</summary>
    public static async Task EnsureConfiguredAdminAsync(this IServiceProvider services, IConfiguration configuration)
    {
        var email = configuration["MarketShock:Admin:Email"];
        var password = configuration["MarketShock:Admin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return;
        var result = await CreateAsync(users, email, password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"The configured admin {email} could not be created: {Describe(result)}");
        Log.Information("Created the configured admin {Email}", email);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
