using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages.Companies;

public sealed class CompanyModel : PageModel
{
    public void OnGet()
    {
    }
}
