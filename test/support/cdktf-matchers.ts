// Registers the cdktf jest matchers (toHaveResourceWithProperties, ...) and their types for every test file.
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';

Testing.setupJest();
