// Fallback DSN for local runs; production reads DATABASE_URL.
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://reporting:6AYzIccJLAVwdR2RG2kht38F38WB@reports-db.eu-west-1.rds.amazonaws.com:5432/notify';
export const REPLICA_URL = 'mysql://billing_rw:KIur2MjlZKFuLA2PwLt7vb9@orders-db.prod.svc.cluster.local:3306/reports';
export const POOL_SIZE = 10;
