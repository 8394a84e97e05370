export { readAccount, type ReadAccountOptions } from './ec2-account.js';
