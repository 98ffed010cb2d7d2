using System.ComponentModel.DataAnnotations;
using MarketShock.Admin;
using MarketShock.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Admin;

public sealed class SignInModel(SignInManager<IdentityUser> signIn, MarketShockDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public Credentials Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Failure { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Continue() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return Page();
        var user = await signIn.UserManager.FindByNameAsync(Input.Email);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await Audit.SaveAsync(db, HttpContext, "sign-in.succeeded", "signed in", who: user!.UserName);
            return Continue();
        }
        var minutes = result.IsLockedOut ? await LockoutMinutesAsync(user!) : null;
        await Audit.SaveAsync(db, HttpContext, "sign-in.failed", (user, minutes) switch
        {
            (null, _) => "no admin has this email",
            (_, { } locked) => $"the account is locked for {locked}",
            _ when result.IsNotAllowed => "not allowed to sign in",
            _ => "wrong password",
        }, who: Input.Email);
        Failure = minutes is not null
            ? $"Too many failed attempts: this account is locked. Try again in {minutes}."
            : "The email or password is not correct.";
        return Page();
    }

    /// <summary>Back to the page that asked for sign-in, if it is on this site; otherwise to the uploads.</summary>
    private LocalRedirectResult Continue() =>
        LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Page("/Admin/Uploads")!);

    private async Task<string> LockoutMinutesAsync(IdentityUser user)
    {
        var end = await signIn.UserManager.GetLockoutEndDateAsync(user);
        var minutes = Math.Max(1, (int)Math.Ceiling(((end ?? clock.GetUtcNow()) - clock.GetUtcNow()).TotalMinutes));
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }

    public sealed class Credentials
    {
        [Required, EmailAddress]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }
}
