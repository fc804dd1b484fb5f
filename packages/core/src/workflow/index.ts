export {
  allowedActions, nextState, STATE_LABELS, TRANSITIONS, WORKFLOW_ACTIONS, workflowDiagram,
  type Party, type Transition, type WorkflowAction, type WorkflowState,
} from './machine.js';
