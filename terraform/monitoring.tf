# Findings → log-based metric → alert policy (the Cloud Monitoring incident), and a dashboard.
# The function writes one structured JSON line per finding on stdout; the runtime turns its
# top-level fields into jsonPayload fields, which the metric's labels extract.

locals {
  finding_log_filter = "jsonPayload.event=\"pull_doctor_finding\""
  # The metric's labels, each extracted from the field of the same name in the finding line.
  metric_labels = {
    cluster    = "The cluster, as project/location/name."
    nodePool   = "The node pool whose account could not pull."
    repository = "The Artifact Registry repository, as project/location/name."
    rootCause  = "What the investigation proved, e.g. NODE_SA_MISSING_READER."
    status     = "OPEN, REMEDIATED or RESOLVED."
  }
  metric_type = "logging.googleapis.com/user/${google_logging_metric.findings.name}"
}

resource "google_logging_metric" "findings" {
  project     = var.project_id
  name        = "${local.function.name}/findings"
  description = "Image pull failures diagnosed by Pull Doctor, one count per finding line."
  filter      = local.finding_log_filter

  metric_descriptor {
    metric_kind  = "DELTA"
    value_type   = "INT64"
    unit         = "1"
    display_name = "Pull Doctor findings"

    dynamic "labels" {
      for_each = local.metric_labels
      content {
        key         = labels.key
        value_type  = "STRING"
        description = labels.value
      }
    }
  }

  label_extractors = {
    for label in keys(local.metric_labels) : label => "EXTRACT(jsonPayload.${label})"
  }
}

resource "google_monitoring_alert_policy" "findings" {
  project               = var.project_id
  display_name          = "Pull Doctor: pods cannot pull their image"
  combiner              = "OR"
  severity              = "WARNING"
  notification_channels = var.notification_channels

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      Pull Doctor diagnosed an image pull failure in cluster `$${metric.label.cluster}`
      (node pool `$${metric.label.nodePool}`, repository `$${metric.label.repository}`):
      **$${metric.label.rootCause}**.

      The finding in Firestore (collection `${local.function.environment.FINDINGS_COLLECTION}`)
      carries the evidence and the exact fix; `pull-doctor findings` lists the open ones.
    EOT
  }

  conditions {
    display_name = "Open Pull Doctor finding"
    condition_threshold {
      # 2nd-gen functions log as their Cloud Run revision.
      filter = join(" AND ", [
        "metric.type=\"${local.metric_type}\"",
        "resource.type=\"cloud_run_revision\"",
        "metric.label.status=\"OPEN\"",
      ])
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        # One incident per finding (cluster, node pool, repository) and root cause, not one per
        # pod or per event.
        group_by_fields = [
          "metric.label.cluster",
          "metric.label.nodePool",
          "metric.label.repository",
          "metric.label.rootCause",
        ]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    # A finding that stops recurring closes its incident after half an hour.
    auto_close = "1800s"
  }
}

resource "google_monitoring_dashboard" "pull_doctor" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName = "Pull Doctor"
    mosaicLayout = {
      columns = 12
      tiles = [
        {
          xPos   = 0
          yPos   = 0
          width  = 6
          height = 4
          widget = {
            title = "Findings by root cause"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type=\"${local.metric_type}\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.rootCause"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos   = 6
          yPos   = 0
          width  = 6
          height = 4
          widget = {
            title = "Findings by cluster"
            xyChart = {
              dataSets = [{
                plotType = "STACKED_BAR"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = "metric.type=\"${local.metric_type}\""
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_SUM"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.cluster"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos   = 0
          yPos   = 4
          width  = 6
          height = 4
          widget = {
            # Non-2xx answers are events the function threw on, which Eventarc redelivers.
            title = "Deliveries to the function by response class"
            xyChart = {
              dataSets = [{
                plotType = "LINE"
                timeSeriesQuery = {
                  timeSeriesFilter = {
                    filter = join(" AND ", [
                      "metric.type=\"run.googleapis.com/request_count\"",
                      "resource.type=\"cloud_run_revision\"",
                      "resource.label.service_name=\"${local.function.name}\"",
                    ])
                    aggregation = {
                      alignmentPeriod    = "300s"
                      perSeriesAligner   = "ALIGN_DELTA"
                      crossSeriesReducer = "REDUCE_SUM"
                      groupByFields      = ["metric.label.response_code_class"]
                    }
                  }
                }
              }]
            }
          }
        },
        {
          xPos   = 6
          yPos   = 4
          width  = 6
          height = 4
          widget = {
            title = "Finding lines"
            logsPanel = {
              filter        = local.finding_log_filter
              resourceNames = ["projects/${var.project_id}"]
            }
          }
        },
      ]
    }
  })
}
