// LlmGateway on Azure Functions Flex Consumption, for `azd up` (azure.yaml points here).
//
// Creates one resource group holding: a user-assigned managed identity (the app's only credential), a storage
// account without shared keys (Functions host state, the deployment package, the gateway's tables), a Key Vault
// with RBAC authorization (upstream keys `upstream--{provider}--{label}` and `management-key`), Log Analytics and
// Application Insights with local auth off, and the function app on an FC1 plan. Providers and client keys are the
// operator's to configure: see README.md, "Deploy".
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name (AZURE_ENV_NAME). Names the resource group and seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource (AZURE_LOCATION). It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID). Gets data roles on storage, Key Vault and Application Insights so it can add keys and inspect state. Empty: no roles.')
param principalId string = ''

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@minValue(0)
@maxValue(20)
@description('Instances kept running for the HTTP functions. 0 scales to zero (pay per execution, cold start on the first call); 1 removes the cold start for a fixed baseline cost.')
param alwaysReadyInstances int = 0

@minValue(1)
@maxValue(1000)
@description('Upper bound on instances the plan may scale out to.')
param maximumInstanceCount int = 100

@minValue(1)
@maxValue(1000)
@description('Concurrent HTTP requests per instance before Flex Consumption adds an instance (see app/api.bicep for the choice).')
param httpPerInstanceConcurrency int = 50

@description('More app settings in double-underscore form, e.g. {"Gateway__Providers__openai__Type": "openai"}. `azd provision` replaces every app setting with the ones this template declares, so durable provider settings belong here, not only in `az functionapp config appsettings set`.')
param gatewayAppSettings object = {}

@secure()
@description('Optional client key (GATEWAY_CLIENT_KEY, at least 8 characters) set as Gateway__ClientKeys__0 with the name "default". Empty: configure client keys yourself.')
param gatewayClientKey string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}gateway-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses: Functions host storage, deployment package, Key Vault, tables, telemetry.
module appIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}gateway-${resourceToken}'
    location: location
    tags: tags
  }
}

// Shared keys disabled: every request is authorized with Entra ID. The table service is declared without tables:
// the gateway creates its own on first use.
module storage 'br/public:avm/res/storage/storage-account:0.32.1' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
        }
      ]
    }
    tableServices: {
      tables: []
    }
  }
}

// Secrets are read with the app's identity (Key Vault Secrets User), never through app-setting references.
// Purge protection is off so `azd down --purge` frees the name and a later `azd up` of the same environment works;
// turn it on for production.
module keyVault 'br/public:avm/res/key-vault/vault:0.13.3' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    sku: 'standard'
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: false
    enableVaultForDeployment: false
    enableVaultForDiskEncryption: false
    enableVaultForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: 'loganalytics'
  scope: rg
  params: {
    name: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
  }
}

// Local (instrumentation key) auth off: the app sends telemetry with its identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING in app/api.bicep, Monitoring Metrics Publisher in app/rbac.bicep).
module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'appinsights'
  scope: rg
  params: {
    name: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    disableLocalAuth: true
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: appInsights.outputs.name
    identityPrincipalId: appIdentity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityResourceId: appIdentity.outputs.resourceId
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsConnectionString: appInsights.outputs.connectionString
    instanceMemoryMB: 2048
    maximumInstanceCount: maximumInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    alwaysReadyInstances: alwaysReadyInstances
    extraAppSettings: gatewayAppSettings
    clientKey: gatewayClientKey
  }
  // The host reaches storage with the identity as soon as it starts: grant the roles first.
  dependsOn: [
    rbac
  ]
}

// Outputs are stored by azd in .azure/<environment>/.env and handed to the hooks as environment variables.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output GATEWAY_BASE_URL string = api.outputs.baseUrl
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = api.outputs.tableServiceUri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = appIdentity.outputs.clientId
output NEXT_STEP_ADD_UPSTREAM_KEY string = 'az keyvault secret set --vault-name ${keyVault.outputs.name} --name upstream--openai--main --value <your-openai-api-key>'
output NEXT_STEP_ADD_MANAGEMENT_KEY string = 'az keyvault secret set --vault-name ${keyVault.outputs.name} --name management-key --value <a-long-random-string>'
