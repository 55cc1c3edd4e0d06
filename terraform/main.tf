locals {
  # function.yaml is the one source of the function's own settings: name, runtime, entry point,
  # sizing, retry policy, the sink's log filter and the environment defaults. A Java test holds
  # the code's defaults to the same file, so nothing here repeats a value from it.
  function = yamldecode(file(coalesce(
    var.function_yaml_path,
    "${path.module}/../function.yaml"
  )))

  # Settings that other resources here depend on: typed inputs, defaulting to function.yaml.
  access_check_method = coalesce(
    var.access_check_method,
    local.function.environment.ACCESS_CHECK_METHOD
  )
  firestore_database = coalesce(
    var.firestore.database_id,
    local.function.environment.FIRESTORE_DATABASE
  )
  remediation_mode = coalesce(
    var.remediation.mode,
    local.function.environment.REMEDIATION_MODE
  )
  # The code applies a grant only when both the cluster's and the repository's project are in
  # REMEDIATION_ALLOWED_PROJECTS: the projects of the repositories on which this module grants the
  # remediator role (so the two lists cannot drift apart), and the cluster projects of the pairs
  # allowed to reach across projects.
  remediation_projects = distinct(concat(
    [for repository in var.remediation.repositories : split("/", repository)[1]],
    [for pair in var.remediation.allowed_pairs : split(">", pair)[0]],
  ))

  # The function's environment: function.yaml's defaults, then the caller's overrides, then the
  # values this module owns, then LOG_EXECUTION_ID, which makes the runtime stamp every log entry
  # with its execution id so that the lines of one event read together.
  environment = {
    for name, value in merge(
      local.function.environment,
      var.environment_overrides,
      {
        ACCESS_CHECK_METHOD          = local.access_check_method
        FIRESTORE_DATABASE           = local.firestore_database
        REMEDIATION_ALLOWED_PAIRS    = join(",", var.remediation.allowed_pairs)
        REMEDIATION_ALLOWED_PROJECTS = join(",", local.remediation_projects)
        REMEDIATION_MAX_PER_HOUR = coalesce(
          tostring(var.remediation.max_per_hour),
          local.function.environment.REMEDIATION_MAX_PER_HOUR
        )
        REMEDIATION_MODE = local.remediation_mode
      },
      # GOOGLE_CLOUD_PROJECT names the host project for Firestore and Error Reporting, sparing
      # the function a metadata-server look-up on its cold start.
      { LOG_EXECUTION_ID = "true", GOOGLE_CLOUD_PROJECT = var.project_id },
    ) :
    # Config reads an unset variable as its default, and the empty defaults in function.yaml
    # mean "none": empty values are left out rather than deployed as empty strings.
    name => tostring(value) if tostring(value) != ""
  }

  labels = merge(var.labels, { app = local.function.name })

  service_account_member = "serviceAccount:${google_service_account.function.email}"
}
