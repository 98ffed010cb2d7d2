using Microsoft.AspNetCore.Mvc.RazorPages;

namespace MarketShock.Pages;

public sealed class CompareModel : PageModel
{
    public void OnGet()
    {
    }
}
