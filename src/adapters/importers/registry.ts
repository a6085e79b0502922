/**
 * Every importer Vigil ships, by the source name users type (`vigil import <source>`).
 */
import type { Importer, ImportSource } from '../../core/inventory/import-batch.js';
import { awsCredentialReportImporter } from './aws-credential-report/aws-credential-report-importer.js';
import { awsIamImporter } from './aws-iam/aws-iam-importer.js';
import { githubImporter } from './github/github-importer.js';
import { kubernetesImporter } from './kubernetes/kubernetes-importer.js';
import { vigilYamlImporter } from './vigil-yaml/vigil-yaml-importer.js';

export const importers: ReadonlyMap<ImportSource, Importer> = new Map(
  [awsIamImporter, awsCredentialReportImporter, kubernetesImporter, githubImporter, vigilYamlImporter].map((i) => [
    i.source,
    i,
  ]),
);
