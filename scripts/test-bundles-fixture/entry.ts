// Built by scripts/test-bundles.test.ts: prints where its modules think they are.
import { msToNumber } from '@temporalio/common/lib/time';
import { where } from './nested/where';

if (process.argv[2] === 'throw') throw new Error('thrown by the fixture');
console.log(JSON.stringify({ ...where(), twoSeconds: msToNumber('2s') }));
