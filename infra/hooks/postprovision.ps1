# azd postprovision hook (azure.yaml): prints where the gateway is and what to configure next.
# azd hands the environment's values (the Bicep outputs) to hooks as environment variables; when one is missing
# (the script run by hand), it is read with `azd env get-values`.
$ErrorActionPreference = 'Stop'

$azdValues = $null
function Get-EnvValue([string] $Name) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value) -and (Get-Command azd -ErrorAction SilentlyContinue)) {
        if ($null -eq $script:azdValues) {
            $script:azdValues = @(azd env get-values 2>$null)
        }
        foreach ($line in $script:azdValues) {
            if ($line -match "^$Name=`"?([^`"]*)`"?$") {
                return $Matches[1]
            }
        }
    }
    return $value
}

$baseUrl = Get-EnvValue 'GATEWAY_BASE_URL'
$vault = Get-EnvValue 'AZURE_KEY_VAULT_NAME'
$app = Get-EnvValue 'AZURE_FUNCTION_APP_NAME'
$group = Get-EnvValue 'RESOURCE_GROUP'
$clientKeySet = -not [string]::IsNullOrEmpty((Get-EnvValue 'GATEWAY_CLIENT_KEY'))

if ([string]::IsNullOrEmpty($baseUrl) -or [string]::IsNullOrEmpty($vault)) {
    Write-Warning "LlmGateway: GATEWAY_BASE_URL or AZURE_KEY_VAULT_NAME is not in the azd environment; run 'azd provision' first."
    exit 0
}

Write-Host @"

LlmGateway is provisioned.

  OpenAI base URL:            $baseUrl/v1
  Anthropic and Gemini base:  $baseUrl   (those SDKs add their own version segment)
  Key Vault:                  $vault
  Function app:               $app   (resource group $group)

Next steps

  1. Add a first upstream key. Secret names are upstream--{provider}--{label}:

       az keyvault secret set --vault-name $vault --name upstream--openai--main --value <your-openai-api-key>

  2. Set the management key, which guards /v0/management:

       az keyvault secret set --vault-name $vault --name management-key --value ([Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(32)))

"@

if (-not $clientKeySet) {
    Write-Host @"
  3. Configure a provider and a client key; the gateway does not start without both
     (for settings that survive the next 'azd provision', see README.md, "Deploy"):

       az functionapp config appsettings set --resource-group $group --name $app --settings ``
         Gateway__Providers__openai__Type=openai ``
         Gateway__Providers__openai__BaseUrl=https://api.openai.com/v1 ``
         Gateway__Providers__openai__Models__0=gpt-4o-mini ``
         Gateway__ClientKeys__0__Name=me ``
         Gateway__ClientKeys__0__Key=<your-client-key>

"@
}
else {
    Write-Host @"
  3. Configure a provider (the client key "default" comes from GATEWAY_CLIENT_KEY); for settings that survive the
     next 'azd provision', see README.md, "Deploy":

       az functionapp config appsettings set --resource-group $group --name $app --settings ``
         Gateway__Providers__openai__Type=openai ``
         Gateway__Providers__openai__BaseUrl=https://api.openai.com/v1 ``
         Gateway__Providers__openai__Models__0=gpt-4o-mini

"@
}

Write-Host @"
  4. Call it from PowerShell (README.md, "Deploy", has the same call with curl):

       Invoke-RestMethod -Method Post -Uri "$baseUrl/v1/chat/completions" ``
         -Headers @{ Authorization = 'Bearer <your-client-key>' } -ContentType 'application/json' ``
         -Body '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'

"@
